import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyProperty } from '../../descriptions/common';
import { oktaApiRequest } from '../../transport';
import { asSimplifyAsks, simplifyGroup } from '../simplify';
import { parseJsonObject, requiredString } from '../utils';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Engineering',
		description: 'Unique group name',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Custom Profile Attributes (JSON)',
				name: 'customAttributes',
				type: 'json',
				default: '{}',
				description: 'Attributes added to the group profile schema in Okta, e.g. {"costCenter": "42"}',
			},
		],
	},
	simplifyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = requiredString(this, itemIndex, 'name', 'Name');
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const custom = parseJsonObject(this, itemIndex, 'Custom Profile Attributes (JSON)', additional.customAttributes);
	const profile: IDataObject = { ...custom, name };
	if (additional.description) profile.description = additional.description;
	// Not repeated after an ambiguous failure: Okta allows several groups with one name, so a repeat could
	// make a second group and a lookup by name could not tell ours from an older one. The item fails saying
	// the request may have reached Okta; check for the group before running it again.
	const group = await oktaApiRequest.call(this, 'POST', '/api/v1/groups', { body: { profile }, itemIndex });
	return asSimplifyAsks(this, itemIndex, group, simplifyGroup);
}
