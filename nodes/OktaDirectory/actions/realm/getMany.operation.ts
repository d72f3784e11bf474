import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties, searchExpressionOption, sortByOption, sortOrderOption } from '../../descriptions/common';
import { simplifyRealm } from '../simplify';
import { compact, listItems } from '../utils';

const properties: INodeProperties[] = listProperties([
	{ ...searchExpressionOption, placeholder: 'profile.name sw "Partner"' },
	{ ...sortByOption, placeholder: 'profile.name' },
	sortOrderOption,
]);

export const description = updateDisplayOptions({ show: { resource: ['realm'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listItems(
		this,
		itemIndex,
		'/api/v1/realms',
		(filters) => compact({ search: filters.search, sortBy: filters.sortBy, sortOrder: filters.sortBy ? filters.sortOrder : undefined }),
		simplifyRealm,
	);
}
