import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

export function locatorMode(ctx: IExecuteFunctions, parameter: string, itemIndex: number): string | undefined {
	const locator = ctx.getNodeParameter(parameter, itemIndex, undefined) as INodeParameterResourceLocator | string | undefined;
	return typeof locator === 'object' && locator !== null ? locator.mode : undefined;
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
