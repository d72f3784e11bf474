import type { IDataObject } from 'n8n-workflow';

/**
 * The System Log query both the trigger and the System Log resource send: event types and a raw SCIM filter
 * become one `filter`, and `q` keywords. Everything is checked before it is sent, so a typo fails with the field's
 * name instead of Okta's generic 400.
 */

/** Okta event types: dotted segments of letters, digits and underscores (user.authentication.auth_via_IDP). */
const EVENT_TYPE_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/i;
/** The spec's `q`: "Max length is 40 characters per keyword, with a maximum of 10 keyword filters per query". */
export const MAX_KEYWORDS = 10;
export const MAX_KEYWORD_LENGTH = 40;
/** The spec's `filter`: "All operators except [ ] are supported"; these are the SCIM ones Okta lists. */
const OPERATORS = new Set(['eq', 'ne', 'sw', 'co', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);

/** A field the user got wrong, and how. */
export interface LogQueryProblem {
	field: string;
	problem: string;
}

export interface LogQueryInput {
	/** Chosen from the catalog picker. */
	eventTypes?: unknown;
	/** Typed by name, separated by commas, spaces or semicolons. */
	customEventTypes?: unknown;
	filter?: unknown;
	q?: unknown;
}

export interface LogQuery {
	eventTypes: string[];
	/** The combined SCIM filter, or undefined for every event. */
	filter?: string;
	q?: string;
}

export function eventTypeList(chosen: unknown, custom: unknown): { types: string[]; malformed?: string } {
	const picked = Array.isArray(chosen) ? chosen.map(String) : [];
	const typed = String(custom ?? '')
		.split(/[\s,;]+/)
		.map((type) => type.trim())
		.filter(Boolean);
	const all = [...new Set([...picked, ...typed])];
	return { types: all, malformed: all.find((type) => !EVENT_TYPE_PATTERN.test(type)) };
}

function tokenizeFilter(filter: string): string[] | undefined {
	const tokens: string[] = [];
	const pattern = /\s*(?:("(?:[^"\\]|\\.)*")|(\()|(\))|([^\s()"]+))/y;
	let position = 0;
	while (position < filter.length && !/^\s*$/.test(filter.slice(position))) {
		pattern.lastIndex = position;
		const match = pattern.exec(filter);
		if (!match) return undefined;
		tokens.push(match[1] !== undefined ? '"' : match[0].trim());
		position = pattern.lastIndex;
	}
	return tokens;
}

type FilterExpectation = 'operand' | 'operator' | 'value' | 'connective';

/** One step of the filter grammar: the next expectation, or what is wrong with the token. */
function filterStep(expect: FilterExpectation, token: string): FilterExpectation | { problem: string } {
	const lower = token.toLowerCase();
	switch (expect) {
		case 'operand':
			if (token === '(' || lower === 'not') return 'operand';
			if (/^[A-Za-z_][\w.]*$/.test(token) && !OPERATORS.has(lower) && lower !== 'and' && lower !== 'or') return 'operator';
			return { problem: `expected an attribute such as eventType, found "${token}"` };
		case 'operator':
			if (!OPERATORS.has(lower)) return { problem: `expected an operator (eq, ne, sw, co, ew, gt, ge, lt, le, pr), found ${token === '"' ? 'a quoted value' : `"${token}"`}` };
			return lower === 'pr' ? 'connective' : 'value';
		case 'value':
			if (token !== '"' && !/^(true|false|null|-?\d+(\.\d+)?)$/i.test(token)) return { problem: `a value must be quoted, found ${token}` };
			return 'connective';
		default:
			if (token === ')' || lower === 'and' || lower === 'or') return token === ')' ? 'connective' : 'operand';
			return { problem: `expected "and", "or" or ")", found "${token}"` };
	}
}

/** What is wrong with a SCIM filter's shape (quotes, parentheses, `attribute op value` comparisons), if anything. */
export function filterProblem(filter: string): string | undefined {
	if (/[[\]]/.test(filter)) return 'Okta\'s System Log filter does not support [ ]';
	const tokens = tokenizeFilter(filter);
	if (!tokens) return 'a string is not closed with "';
	let depth = 0;
	let expect: FilterExpectation = 'operand';
	for (const token of tokens) {
		const step = filterStep(expect, token);
		if (typeof step === 'object') return step.problem;
		if (token === '(' && expect === 'operand') depth++;
		if (token === ')' && expect === 'connective' && --depth < 0) return 'a ")" has no "("';
		expect = step;
	}
	if (expect !== 'connective') return 'the expression is incomplete';
	return depth === 0 ? undefined : 'a "(" is not closed';
}

export function keywordsProblem(q: string): string | undefined {
	const keywords = q.split(/\s+/).filter(Boolean);
	if (keywords.length > MAX_KEYWORDS) return `Okta accepts at most ${MAX_KEYWORDS} keywords, got ${keywords.length}`;
	const long = keywords.find((word) => word.length > MAX_KEYWORD_LENGTH);
	return long === undefined ? undefined : `"${long}" is longer than Okta's ${MAX_KEYWORD_LENGTH} characters per keyword`;
}

/** `eventType eq "a" or eventType eq "b"`, and the raw filter, joined with `and`; or the first field that is wrong. */
export function buildLogQuery(input: LogQueryInput): { query: LogQuery } | LogQueryProblem {
	const { types: eventTypes, malformed } = eventTypeList(input.eventTypes, input.customEventTypes);
	if (malformed !== undefined) return { field: 'Custom Event Types', problem: `"${malformed}" is not an Okta event type (they look like user.lifecycle.create)` };
	const raw = String(input.filter ?? '').trim();
	const badFilter = raw ? filterProblem(raw) : undefined;
	if (badFilter) return { field: 'Filter', problem: `${badFilter} in: ${raw}` };
	const q = String(input.q ?? '').trim();
	const badKeywords = q ? keywordsProblem(q) : undefined;
	if (badKeywords) return { field: 'Keywords (Q)', problem: badKeywords };
	const typeClause = eventTypes.map((type) => `eventType eq "${type}"`).join(' or ');
	const parts = [typeClause && (raw && eventTypes.length > 1 ? `(${typeClause})` : typeClause), raw && (typeClause ? `(${raw})` : raw)].filter(Boolean);
	return { query: { eventTypes, filter: parts.length ? parts.join(' and ') : undefined, ...(q ? { q } : {}) } };
}

export function logQueryParameters(query: LogQuery): IDataObject {
	return { ...(query.filter ? { filter: query.filter } : {}), ...(query.q ? { q: query.q } : {}) };
}
