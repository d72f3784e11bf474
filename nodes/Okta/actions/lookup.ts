import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { oktaApiRequest, oktaApiRequestAllItems, oktaPath } from '../transport';
import { getLocatorValue, locatorMode } from './validation';

/**
 * A user's Okta ID. User endpoints accept a login in place of the ID, but membership endpoints and
 * comparisons need the real ID, so a login is looked up once.
 */
export async function resolveUserId(ctx: IExecuteFunctions, parameter: string, itemIndex: number, field = 'User'): Promise<string> {
	const value = getLocatorValue(ctx, parameter, itemIndex, field);
	if (locatorMode(ctx, parameter, itemIndex) !== 'login') return value;
	const user = await oktaApiRequest.call(ctx, 'GET', oktaPath`/api/v1/users/${value}`, { itemIndex });
	return String(user.id);
}

/**
 * Runs a listing with the item's Return All / Limit and, where the operation offers it, Simplify.
 * `query` may be a function of the item's Filters.
 */
export async function listItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	query: IDataObject | ((filters: IDataObject) => IDataObject),
	simplify?: (entry: IDataObject) => IDataObject,
): Promise<IDataObject[]> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50) as number;
	const qs = typeof query === 'function' ? query(ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject) : query;
	const entries = await oktaApiRequestAllItems.call(ctx, path, qs, { returnAll, limit, itemIndex });
	return simplify && ctx.getNodeParameter('simplify', itemIndex, true) ? entries.map(simplify) : entries;
}
