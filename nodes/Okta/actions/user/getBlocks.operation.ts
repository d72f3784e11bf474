import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequestAllItems, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [userLocator()];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getBlocks'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const userId = getLocatorValue(this, 'userId', itemIndex, 'User');
	return await oktaApiRequestAllItems.call(this, oktaPath`/api/v1/users/${userId}/blocks`, {}, { itemIndex });
}
