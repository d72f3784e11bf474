import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyProperty } from '../../descriptions/common';
import { realmLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { simplifyRealm } from '../simplify';
import { getLocatorValue } from '../validation';
import { subscriptionNotice } from './shared';

const properties: INodeProperties[] = [subscriptionNotice, realmLocator(), simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const realmId = getLocatorValue(this, 'realmId', itemIndex, 'Realm');
	const realm = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/realms/${realmId}`, { itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? simplifyRealm(realm) : realm;
}
