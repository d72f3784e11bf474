import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupLocator } from '../../descriptions/locators';
import { simplifyProperty } from '../../descriptions/common';
import { oktaApiRequest, oktaPath } from '../../transport';
import { simplifyGroup } from '../simplify';
import { getLocatorValue } from '../utils';

const properties: INodeProperties[] = [
	groupLocator(),
	simplifyProperty,
	{
		displayName: 'Include Stats',
		name: 'includeStats',
		type: 'boolean',
		default: false,
		description: 'Whether to include member and app counts (expand=stats)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	const qs = this.getNodeParameter('includeStats', itemIndex, false) ? { expand: 'stats' } : {};
	const group = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/groups/${groupId}`, { qs, itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? simplifyGroup(group) : group;
}
