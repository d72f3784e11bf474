import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [groupLocator()];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/groups/${groupId}`, { itemIndex });
	return { id: groupId, deleted: true };
}
