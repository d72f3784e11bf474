import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { oktaApiRequest, oktaApiRequestAllItems, oktaPath } from '../transport';

/** An input error that names the field and the item, as users see it in the editor. */
export function fieldError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${field} (item ${itemIndex}): ${problem}`, { itemIndex, description });
}

/** The ID a resource locator points at, validated so it can only ever name one object. */
export function getLocatorValue(ctx: IExecuteFunctions, parameter: string, itemIndex: number, field: string): string {
	const raw = ctx.getNodeParameter(parameter, itemIndex, '', { extractValue: true }) as unknown;
	const value = (typeof raw === 'object' && raw !== null ? (raw as INodeParameterResourceLocator).value : raw) as unknown;
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!text) throw fieldError(ctx, itemIndex, field, 'is empty. Pick one from the list or enter its ID.');
	if (/^\.{1,2}$/.test(text) || /[\u0000-\u001f\u007f]/.test(text)) {
		throw fieldError(ctx, itemIndex, field, `"${text.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD')}" is not a valid Okta ID`);
	}
	return text;
}

function locatorMode(ctx: IExecuteFunctions, parameter: string, itemIndex: number): string | undefined {
	const locator = ctx.getNodeParameter(parameter, itemIndex, undefined) as INodeParameterResourceLocator | string | undefined;
	return typeof locator === 'object' && locator !== null ? locator.mode : undefined;
}

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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function assertEmail(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!EMAIL.test(text)) throw fieldError(ctx, itemIndex, field, `"${String(value ?? '')}" is not a valid email address`);
	return text;
}

/** Okta logins must be email-shaped unless the org relaxed it; we accept any email-like or short-name login without spaces. */
export function assertLogin(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text || /\s/.test(text) || text.length > 100 || (text.includes('@') && !EMAIL.test(text))) {
		throw fieldError(
			ctx,
			itemIndex,
			field,
			`"${String(value ?? '')}" is not a valid Okta login. Use an email-style login such as jane.doe@example.com (at most 100 characters, no spaces).`,
		);
	}
	return text;
}

export function requiredString(ctx: IExecuteFunctions, itemIndex: number, parameter: string, field: string): string {
	const value = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
	if (!text) throw fieldError(ctx, itemIndex, field, 'is required');
	return text;
}

/** A JSON object typed into a field (or passed as an object by an expression). */
export function parseJsonObject(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	if (typeof value !== 'string') throw fieldError(ctx, itemIndex, field, 'must be a JSON object');
	let parsed: unknown;
	try {
		parsed = JSON.parse(value);
	} catch (error) {
		throw fieldError(ctx, itemIndex, field, `is not valid JSON (${(error as Error).message})`, 'Example: {"department": "Engineering", "costCenter": "42"}');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw fieldError(ctx, itemIndex, field, 'must be a JSON object such as {"department": "Engineering"}');
	}
	return parsed as IDataObject;
}

/** Key/value pairs from a fixedCollection (`{ attribute: [{ key, value }] }`) as one object. */
export function keyValuePairs(collection: unknown, listName = 'attribute'): IDataObject {
	const entries = ((collection as IDataObject | undefined)?.[listName] as Array<{ key?: string; value?: unknown }>) ?? [];
	const result: IDataObject = {};
	for (const { key, value } of entries) {
		if (key && key.trim()) result[key.trim()] = value as IDataObject[keyof IDataObject];
	}
	return result;
}

/** Okta's `lastUpdated gt "…"` clause for a Changed Since date, merged into a search or filter expression. */
export function withChangedSince(
	ctx: IExecuteFunctions,
	itemIndex: number,
	query: IDataObject,
	changedSince: unknown,
): IDataObject {
	if (changedSince === undefined || changedSince === null || changedSince === '') return query;
	const date = new Date(String(changedSince));
	if (Number.isNaN(date.getTime())) throw fieldError(ctx, itemIndex, 'Changed Since', `"${String(changedSince)}" is not a date`);
	const clause = `lastUpdated gt "${date.toISOString()}"`;
	if (query.q) throw fieldError(ctx, itemIndex, 'Changed Since', 'cannot be combined with Quick Search; use a Search Expression instead');
	const key = query.search ? 'search' : 'filter';
	return { ...query, [key]: query[key] ? `(${String(query[key])}) and ${clause}` : clause };
}

/** Drops empty strings and undefined values so they are not sent as query parameters. */
export function compact(query: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== '' && value !== undefined && value !== null));
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
