import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { writeSimplifyProperty } from '../../descriptions/common';
import { oktaApiRequest, oktaPath } from '../../transport';
import { nonEmpty } from '../query';
import { getLocatorValue } from '../validation';
import { asSimplifyAsks, simplifyUser } from '../simplify';
import {
	assertUserTypeExists,
	customAttributeProperties,
	customAttributes,
	requiredProfile,
	requiredProfileProperties,
	standardProfileOptions,
} from './fields';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Replace writes the whole profile: attributes you do not set here are removed from the user. Use Update to change a few attributes.',
		name: 'replaceNotice',
		type: 'notice',
		default: '',
	},
	...requiredProfileProperties,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...standardProfileOptions,
			{
				displayName: 'User Type Name or ID',
				name: 'typeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUserTypes' },
				default: '',
				description: 'Move the user to another user type (only possible with Replace). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	...customAttributeProperties('replace'),
	writeSimplifyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['replace'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const userId = getLocatorValue(this, 'userId', itemIndex, 'User');
	const { typeId, ...profileFields } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const profile = { ...nonEmpty(profileFields), ...customAttributes(this, itemIndex), ...requiredProfile(this, itemIndex) };
	const body: IDataObject = { profile };
	if (typeId) {
		await assertUserTypeExists(this, itemIndex, String(typeId));
		body.type = { id: String(typeId) };
	}
	const user = await oktaApiRequest.call(this, 'PUT', oktaPath`/api/v1/users/${userId}`, { body, itemIndex });
	return asSimplifyAsks(this, itemIndex, user, simplifyUser);
}
