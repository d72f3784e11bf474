import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { realmLocator } from '../../descriptions/locators';
import { writeSimplifyProperty } from '../../descriptions/common';
import { oktaApiRequest, oktaPath } from '../../transport';
import { fieldError, getLocatorValue } from '../validation';
import { asSimplifyAsks, simplifyRealm } from '../simplify';
import { domainsProperty, readDomains, readRealmType, realmTypeProperty, subscriptionNotice } from './shared';

const properties: INodeProperties[] = [
	subscriptionNotice,
	realmLocator(),
	{
		displayName: 'Okta can only replace a whole realm. This node reads the realm, changes only the fields you set below and writes it back, so nothing else is lost.',
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
			{ ...domainsProperty, description: `${String(domainsProperty.description)}. Replaces the realm's current list; leave it out to keep it.` },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			realmTypeProperty,
		],
	},
	writeSimplifyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const realmId = getLocatorValue(this, 'realmId', itemIndex, 'Realm');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes: IDataObject = {};
	if (typeof fields.name === 'string' && fields.name.trim()) changes.name = fields.name.trim();
	if (fields.realmType !== undefined) changes.realmType = readRealmType(this, itemIndex, fields.realmType);
	if (fields.domains !== undefined) changes.domains = readDomains(this, itemIndex, fields.domains);
	if (Object.keys(changes).length === 0) throw fieldError(this, itemIndex, 'Update Fields', 'add at least one field to change');

	const current = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/realms/${realmId}`, { itemIndex });
	// Only the profile is writable; it is sent whole so the fields left out keep their values.
	const profile = { ...(current.profile as IDataObject), ...changes };
	const realm = await oktaApiRequest.call(this, 'PUT', oktaPath`/api/v1/realms/${realmId}`, { body: { profile }, itemIndex });
	return asSimplifyAsks(this, itemIndex, realm, simplifyRealm);
}
