import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties, searchExpressionOption, sortByOption, sortOrderOption } from '../../descriptions/common';
import { simplifyRealm } from '../simplify';
import { listItems } from '../lookup';
import { nonEmpty } from '../query';
import { fieldError } from '../validation';
import { subscriptionNotice } from './shared';

const properties: INodeProperties[] = [
	subscriptionNotice,
	...listProperties([
		{
			...searchExpressionOption,
			placeholder: 'profile.name co "Partner"',
			description:
				'Okta search expression, e.g. profile.realmType eq "PARTNER" or profile.name co "Partner" (co works only on profile.name). Results are eventually consistent.',
		},
		{ ...sortByOption, placeholder: 'profile.name', description: 'Attribute to sort by, e.g. profile.name. Needs a Search Expression: Okta sorts only search results.' },
		{ ...sortOrderOption, description: 'Used with Sort By' },
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listItems(
		this,
		itemIndex,
		'/api/v1/realms',
		(filters) => {
			// Okta ignores sortBy outside a search, which would silently return an unsorted list.
			if (filters.sortBy && !filters.search) throw fieldError(this, itemIndex, 'Sort By', 'needs a Search Expression: Okta sorts only search results');
			return nonEmpty({ search: filters.search, sortBy: filters.sortBy, sortOrder: filters.sortBy ? filters.sortOrder : undefined });
		},
		simplifyRealm,
	);
}
