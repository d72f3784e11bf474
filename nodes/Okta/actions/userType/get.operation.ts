import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userTypeLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [userTypeLocator()];

export const description = updateDisplayOptions({ show: { resource: ['userType'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const typeId = getLocatorValue(this, 'typeId', itemIndex, 'User Type');
	return await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/meta/types/user/${typeId}`, { itemIndex });
}
