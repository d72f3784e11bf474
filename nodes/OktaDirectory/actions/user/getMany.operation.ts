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
import { simplifyUser } from '../simplify';
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
			filterExpressionOption,
			quickSearchOption,
			{
				...searchExpressionOption,
				description: `${String(searchExpressionOption.description)} Okta leaves out DEPROVISIONED users unless the expression names a status, e.g. status eq "DEPROVISIONED".`,
			},
			sortByOption,
			sortOrderOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	let qs = compact({
		search: filters.search,
		filter: filters.filter,
		q: filters.q,
		sortBy: filters.sortBy,
		sortOrder: filters.sortBy ? filters.sortOrder : undefined,
	});
	qs = withChangedSince(this, itemIndex, qs, filters.changedSince);
	const users = await oktaApiRequestAllItems.call(this, '/api/v1/users', qs, { returnAll, limit, itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? users.map(simplifyUser) : users;
}
