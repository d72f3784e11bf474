import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { realmLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';
import { subscriptionNotice } from './shared';

const properties: INodeProperties[] = [
	subscriptionNotice,
	{
		displayName: 'A realm can only be deleted once no user is in it; the default realm cannot be deleted',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	realmLocator(),
];

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const realmId = getLocatorValue(this, 'realmId', itemIndex, 'Realm');
	await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/realms/${realmId}`, { itemIndex });
	return { id: realmId, deleted: true };
}
