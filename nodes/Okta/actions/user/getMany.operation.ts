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
import { listItems } from '../lookup';
import { nonEmpty, withChangedSince } from '../query';
import { fieldError } from '../validation';

const properties: INodeProperties[] = listProperties([
	changedSinceOption,
	{
		...filterExpressionOption,
		placeholder: 'profile.login eq "jane.doe@example.com"',
		description:
			'Okta filter expression on status, lastUpdated, ID, profile.login, profile.email, profile.firstName and profile.lastName (eq only; gt/lt for lastUpdated). Paged and strongly consistent.',
	},
	{ ...quickSearchOption, description: `${String(quickSearchOption.description)} Leaves out DEPROVISIONED users.` },
	{
		...searchExpressionOption,
		description: `${String(searchExpressionOption.description)} Without a Search Expression or Filter, Okta leaves out DEPROVISIONED (deactivated) users: to list them, search for status eq "DEPROVISIONED".`,
	},
	{ ...sortByOption, description: 'Attribute to sort by, e.g. profile.lastName. Needs a Search Expression: Okta sorts only search results.' },
	{ ...sortOrderOption, description: 'Used with Sort By' },
]);

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listItems(
		this,
		itemIndex,
		'/api/v1/users',
		(filters) => {
			// Okta ignores sortBy outside a search, which would silently return an unsorted list.
			if (filters.sortBy && !filters.search) throw fieldError(this, itemIndex, 'Sort By', 'needs a Search Expression: Okta sorts only search results');
			return withChangedSince(
				this,
				itemIndex,
				nonEmpty({ search: filters.search, filter: filters.filter, q: filters.q, sortBy: filters.sortBy, sortOrder: filters.sortBy ? filters.sortOrder : undefined }),
				filters.changedSince,
			);
		},
		simplifyUser,
	);
}
