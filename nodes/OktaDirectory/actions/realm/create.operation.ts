import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { oktaApiRequest } from '../../transport';
import { requiredString } from '../utils';
import { domainsProperty, realmTypeProperty, subscriptionNotice } from './shared';

const properties: INodeProperties[] = [
	subscriptionNotice,
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: 'Partners' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [domainsProperty, realmTypeProperty],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = requiredString(this, itemIndex, 'name', 'Name');
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const profile: IDataObject = { name, realmType: additional.realmType ?? 'DEFAULT' };
	const domains = (additional.domains as string[] | undefined)?.map((domain) => domain.trim()).filter(Boolean);
	if (domains?.length) profile.domains = domains;
	return await oktaApiRequest.call(this, 'POST', '/api/v1/realms', { body: { profile }, itemIndex });
}
