import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupLocator } from '../../descriptions/locators';
import { writeSimplifyProperty } from '../../descriptions/common';
import { oktaApiRequest, oktaPath } from '../../transport';
import { fieldError, getLocatorValue, parseJsonObject } from '../validation';
import { asSimplifyAsks, simplifyGroup } from '../simplify';

const properties: INodeProperties[] = [
	groupLocator(),
	{
		displayName: 'Okta can only replace a whole group. This node reads the group, changes only the fields you set below and writes it back, so nothing else is lost.',
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
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Custom Profile Attributes (JSON)',
				name: 'customAttributes',
				type: 'json',
				default: '{}',
				description: 'Profile attributes to set; attributes you leave out keep their current values',
			},
		],
	},
	writeSimplifyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const custom = parseJsonObject(this, itemIndex, 'Custom Profile Attributes (JSON)', fields.customAttributes);
	const changes: IDataObject = { ...custom };
	if (fields.name !== undefined && fields.name !== '') changes.name = fields.name;
	if (fields.description !== undefined) changes.description = fields.description;
	if (Object.keys(changes).length === 0) throw fieldError(this, itemIndex, 'Update Fields', 'add at least one field to change');

	const current = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/groups/${groupId}`, { itemIndex });
	if (current.type !== 'OKTA_GROUP') {
		throw fieldError(this, itemIndex, 'Group', `is a ${String(current.type)} group; Okta only lets you change groups of type OKTA_GROUP`);
	}
	const profile = { ...(current.profile as IDataObject), ...changes };
	const group = await oktaApiRequest.call(this, 'PUT', oktaPath`/api/v1/groups/${groupId}`, { body: { profile }, itemIndex });
	return asSimplifyAsks(this, itemIndex, group, simplifyGroup);
}
