import type { INodeProperties } from 'n8n-workflow';

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return one flat item: ID and status, then every profile attribute (standard and custom, none dropped) at the top level, then type, realm and dates. Off: Okta\'s raw object with the nested profile and links.',
};

/**
 * Simplify on Create, Update and Replace: new in node version 1.1. Version 1 returned Okta's raw object there,
 * and workflows saved with it keep getting that shape (see `asSimplifyAsks`).
 */
export const writeSimplifyProperty: INodeProperties = {
	...simplifyProperty,
	displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
};

export const searchExpressionOption: INodeProperties = {
	displayName: 'Search Expression',
	name: 'search',
	type: 'string',
	default: '',
	placeholder: 'profile.department eq "Engineering" and status eq "ACTIVE"',
	description:
		'Okta search expression (SCIM-style operators: eq, sw, co, gt, lt, pr, and, or). Paged, works on most attributes including custom profile attributes; results are eventually consistent.',
};

export const filterExpressionOption: INodeProperties = {
	displayName: 'Filter',
	name: 'filter',
	type: 'string',
	default: '',
	placeholder: 'status eq "ACTIVE"',
	description: 'Okta filter expression on a few top-level fields (status, lastUpdated, ID, type). Paged and strongly consistent.',
};

export const quickSearchOption: INodeProperties = {
	displayName: 'Quick Search (Q)',
	name: 'q',
	type: 'string',
	default: '',
	placeholder: 'jane',
	description: 'Starts-with match on name fields. Okta does not page quick search: at most one page of results comes back.',
};

export const changedSinceOption: INodeProperties = {
	displayName: 'Changed Since',
	name: 'changedSince',
	type: 'dateTime',
	default: '',
	description:
		'Only objects updated after this moment (Okta lastUpdated gt). For scheduled syncs, use the previous run time, e.g. {{ $now.minus({ hours: 1 }) }}.',
};

export const sortByOption: INodeProperties = {
	displayName: 'Sort By',
	name: 'sortBy',
	type: 'string',
	default: '',
	placeholder: 'profile.lastName',
	description: 'Attribute to sort by. Okta sorts only search-expression results.',
};

export const sortOrderOption: INodeProperties = {
	displayName: 'Sort Order',
	name: 'sortOrder',
	type: 'options',
	options: [
		{ name: 'Ascending', value: 'asc' },
		{ name: 'Descending', value: 'desc' },
	],
	default: 'asc',
};

/** Return All, Limit, Simplify and a Filters collection: the fields every listing operation shares. */
export function listProperties(filterOptions: INodeProperties[], options: { simplify?: boolean } = {}): INodeProperties[] {
	const properties = [returnAllProperty, limitProperty];
	if (options.simplify !== false) properties.push(simplifyProperty);
	if (filterOptions.length === 0) return properties;
	return [
		...properties,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: filterOptions,
		},
	];
}
