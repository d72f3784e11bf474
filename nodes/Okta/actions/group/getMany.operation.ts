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
import { simplifyGroup } from '../simplify';
import { listItems } from '../lookup';
import { nonEmpty, withChangedSince } from '../query';

const properties: INodeProperties[] = listProperties([
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
]);

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listItems(
		this,
		itemIndex,
		'/api/v1/groups',
		(filters) =>
			withChangedSince(
				this,
				itemIndex,
				nonEmpty({
					search: filters.search,
					filter: filters.filter,
					q: filters.q,
					expand: filters.includeStats ? 'stats' : undefined,
					sortBy: filters.sortBy,
					sortOrder: filters.sortBy ? filters.sortOrder : undefined,
				}),
				filters.changedSince,
			),
		simplifyGroup,
	);
}
