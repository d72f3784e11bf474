import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupLocator } from '../../descriptions/locators';
import { simplifyProperty } from '../../descriptions/common';
import { oktaApiRequest, oktaPath } from '../../transport';
import { simplifyGroup } from '../simplify';
import { getLocatorValue } from '../validation';

// Okta offers expand=stats only on Get Many (listing), not on a single group.
const properties: INodeProperties[] = [groupLocator(), simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	const group = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/groups/${groupId}`, { itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? simplifyGroup(group) : group;
}
