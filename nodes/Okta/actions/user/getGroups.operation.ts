import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyProperty } from '../../descriptions/common';
import { userLocator } from '../../descriptions/locators';
import { oktaApiRequestAllItems, oktaPath } from '../../transport';
import { simplifyGroup } from '../simplify';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [userLocator(), simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getGroups'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const userId = getLocatorValue(this, 'userId', itemIndex, 'User');
	const groups = await oktaApiRequestAllItems.call(this, oktaPath`/api/v1/users/${userId}/groups`, {}, { itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? groups.map(simplifyGroup) : groups;
}
