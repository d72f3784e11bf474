import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../descriptions/common';
import { appLocator } from '../../descriptions/locators';
import { oktaApiRequestAllItems, oktaPath } from '../../transport';
import { nonEmpty } from '../query';
import { getLocatorValue } from '../validation';
import { simplifyGroupAssignment } from './shared';

const properties: INodeProperties[] = [
	appLocator(),
	{
		displayName: 'Include Group',
		name: 'includeGroup',
		type: 'boolean',
		default: true,
		description: 'Whether to embed each group (expand=group), so the output has the group name',
	},
	...listProperties([
		{ displayName: 'Name Starts With', name: 'q', type: 'string', default: '', placeholder: 'Eng', description: 'Only groups whose name starts with this text' },
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['getAssignedGroups'] } }, properties);

/** Spec (queryGroupAssignmentLimit): Okta takes 20 to 200 group assignments per page; fewer is refused (400). */
const MIN_PAGE = 20;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const expand = this.getNodeParameter('includeGroup', itemIndex, true) ? 'group' : '';
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	// A Limit under Okta's smallest page asks for the smallest page and keeps the first ones.
	const entries = await oktaApiRequestAllItems.call(this, oktaPath`/api/v1/apps/${appId}/groups`, nonEmpty({ q: filters.q, expand }), {
		returnAll,
		limit: Math.max(limit, MIN_PAGE),
		itemIndex,
	});
	const kept = returnAll ? entries : entries.slice(0, limit);
	return this.getNodeParameter('simplify', itemIndex, true) ? kept.map(simplifyGroupAssignment) : kept;
}
