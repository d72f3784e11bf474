import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { writeSimplifyProperty } from '../../descriptions/common';
import { oktaApiRequest } from '../../transport';
import { requiredString } from '../validation';
import { asSimplifyAsks, simplifyRealm } from '../simplify';
import { domainsProperty, readDomains, readRealmType, realmTypeProperty, subscriptionNotice } from './shared';

const properties: INodeProperties[] = [
	subscriptionNotice,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Partners',
		description: 'Unique realm name',
	},
	{ ...realmTypeProperty, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [domainsProperty],
	},
	writeSimplifyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = requiredString(this, itemIndex, 'name', 'Name');
	const realmType = readRealmType(this, itemIndex, this.getNodeParameter('realmType', itemIndex, 'DEFAULT'));
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const profile: IDataObject = { name, realmType };
	const domains = readDomains(this, itemIndex, additional.domains);
	if (domains.length) profile.domains = domains;
	const realm = await oktaApiRequest.call(this, 'POST', '/api/v1/realms', { body: { profile }, itemIndex });
	return asSimplifyAsks(this, itemIndex, realm, simplifyRealm);
}
