import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty, searchExpressionOption, simplifyProperty, sortByOption, sortOrderOption } from '../../descriptions/common';
import { oktaApiRequestAllItems } from '../../transport';
import { simplifyRealm } from '../simplify';
import { compact } from '../utils';

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
			{ ...searchExpressionOption, placeholder: 'profile.name sw "Partner"' },
			{ ...sortByOption, placeholder: 'profile.name' },
			sortOrderOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({ search: filters.search, sortBy: filters.sortBy, sortOrder: filters.sortBy ? filters.sortOrder : undefined });
	const realms = await oktaApiRequestAllItems.call(this, '/api/v1/realms', qs, { returnAll, limit, itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? realms.map(simplifyRealm) : realms;
}
