import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { realmLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../utils';

const properties: INodeProperties[] = [realmLocator()];

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const realmId = getLocatorValue(this, 'realmId', itemIndex, 'Realm');
	await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/realms/${realmId}`, { itemIndex });
	return { id: realmId, deleted: true };
}
