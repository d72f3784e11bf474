import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from './validation';

/** Drops empty strings, undefined and null, so an optional field left blank is not sent (as a query parameter or a profile attribute). */
export function nonEmpty(values: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '' && value !== undefined && value !== null));
}

/** A string literal inside an Okta search expression. */
export function searchLiteral(text: string): string {
	return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
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
