import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { writeSimplifyProperty } from '../../descriptions/common';
import { oktaApiRequest, oktaPath } from '../../transport';
import { nonEmpty } from '../query';
import { assertEmail, assertLogin, fieldError, getLocatorValue } from '../validation';
import { customAttributeProperties, customAttributes, standardProfileOptions } from './fields';
import { asSimplifyAsks, simplifyUser } from '../simplify';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Only the attributes you set are changed; everything else in the profile is kept',
		name: 'updateNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{ displayName: 'Login', name: 'login', type: 'string', default: '' },
			...standardProfileOptions,
		],
	},
	...customAttributeProperties('update'),
	writeSimplifyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const userId = getLocatorValue(this, 'userId', itemIndex, 'User');
	const fields = nonEmpty(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	if (fields.email !== undefined) fields.email = assertEmail(this, itemIndex, 'Email', fields.email);
	if (fields.login !== undefined) fields.login = assertLogin(this, itemIndex, 'Login', fields.login);
	const profile = { ...fields, ...customAttributes(this, itemIndex) };
	if (Object.keys(profile).length === 0) throw fieldError(this, itemIndex, 'Update Fields', 'add at least one attribute to change');
	// Okta's POST is a partial update and sets the same values again on a repeat, so it is safe to retry.
	const user = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${userId}`, { body: { profile }, itemIndex, repeat: 'safe' });
	return asSimplifyAsks(this, itemIndex, user, simplifyUser);
}
