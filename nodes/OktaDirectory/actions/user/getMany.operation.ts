import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	changedSinceOption,
	filterExpressionOption,
	listProperties,
	quickSearchOption,
	searchExpressionOption,
	sortByOption,
	sortOrderOption,
} from '../../descriptions/common';
import { simplifyUser } from '../simplify';
import { compact, listItems, withChangedSince } from '../utils';

const properties: INodeProperties[] = listProperties([
	changedSinceOption,
	filterExpressionOption,
	quickSearchOption,
	{
		...searchExpressionOption,
		description: `${String(searchExpressionOption.description)} Okta leaves out DEPROVISIONED users unless the expression names a status, e.g. status eq "DEPROVISIONED".`,
	},
	sortByOption,
	sortOrderOption,
]);

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listItems(
		this,
		itemIndex,
		'/api/v1/users',
		(filters) =>
			withChangedSince(
				this,
				itemIndex,
				compact({ search: filters.search, filter: filters.filter, q: filters.q, sortBy: filters.sortBy, sortOrder: filters.sortBy ? filters.sortOrder : undefined }),
				filters.changedSince,
			),
		simplifyUser,
	);
}
