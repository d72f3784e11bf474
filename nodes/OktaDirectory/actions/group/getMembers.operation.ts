import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty, simplifyProperty } from '../../descriptions/common';
import { groupLocator } from '../../descriptions/locators';
import { oktaApiRequestAllItems, oktaPath } from '../../transport';
import { simplifyUser } from '../simplify';
import { getLocatorValue } from '../utils';

const properties: INodeProperties[] = [groupLocator(), returnAllProperty, limitProperty, simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['getMembers'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	const users = await oktaApiRequestAllItems.call(this, oktaPath`/api/v1/groups/${groupId}/users`, {}, { returnAll, limit, itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? users.map(simplifyUser) : users;
}
