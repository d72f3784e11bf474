import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	changedSinceOption,
	filterExpressionOption,
	limitProperty,
	quickSearchOption,
	returnAllProperty,
	searchExpressionOption,
	simplifyProperty,
	sortByOption,
	sortOrderOption,
} from '../../descriptions/common';
import { oktaApiRequestAllItems } from '../../transport';
import { simplifyGroup } from '../simplify';
import { compact, withChangedSince } from '../utils';

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	simplifyProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			changedSinceOption,
			{ ...filterExpressionOption, placeholder: 'type eq "OKTA_GROUP"' },
			{
				displayName: 'Include Stats',
				name: 'includeStats',
				type: 'boolean',
				default: false,
				description: 'Whether to include member and app counts (expand=stats)',
			},
			quickSearchOption,
			{ ...searchExpressionOption, placeholder: 'profile.name sw "Eng" and type eq "OKTA_GROUP"' },
			sortByOption,
			sortOrderOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	let qs = compact({
		search: filters.search,
		filter: filters.filter,
		q: filters.q,
		expand: filters.includeStats ? 'stats' : undefined,
		sortBy: filters.sortBy,
		sortOrder: filters.sortBy ? filters.sortOrder : undefined,
	});
	qs = withChangedSince(this, itemIndex, qs, filters.changedSince);
	const groups = await oktaApiRequestAllItems.call(this, '/api/v1/groups', qs, { returnAll, limit, itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? groups.map(simplifyGroup) : groups;
}
