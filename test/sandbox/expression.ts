/**
 * Okta's SCIM-like `search` and `filter` expressions: eq, ne, sw, co, ew, gt, ge, lt, le, pr, with and, or,
 * not and parentheses, over dotted attribute paths (status, profile.department, type.id …).
 */

type Token = { kind: 'ident' | 'op' | 'string' | 'number' | 'bool' | 'null' | 'and' | 'or' | 'not' | 'lparen' | 'rparen'; value: string };
export type Predicate = (subject: Record<string, unknown>) => boolean;

export class ExpressionError extends Error {}

const OPERATORS = new Set(['eq', 'ne', 'sw', 'co', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const char = text[i];
		if (/\s/.test(char)) {
			i++;
		} else if (char === '(' || char === ')') {
			tokens.push({ kind: char === '(' ? 'lparen' : 'rparen', value: char });
			i++;
		} else if (char === '"') {
			let value = '';
			i++;
			while (i < text.length && text[i] !== '"') {
				if (text[i] === '\\' && i + 1 < text.length) i++;
				value += text[i++];
			}
			if (text[i] !== '"') throw new ExpressionError('Unterminated string literal');
			i++;
			tokens.push({ kind: 'string', value });
		} else {
			const match = /^[A-Za-z0-9_.:$-]+/.exec(text.slice(i));
			if (!match) throw new ExpressionError(`Unexpected character '${char}' at position ${i}`);
			const word = match[0];
			i += word.length;
			const lower = word.toLowerCase();
			if (lower === 'and' || lower === 'or' || lower === 'not') tokens.push({ kind: lower, value: lower });
			else if (OPERATORS.has(lower)) tokens.push({ kind: 'op', value: lower });
			else if (lower === 'true' || lower === 'false') tokens.push({ kind: 'bool', value: lower });
			else if (lower === 'null') tokens.push({ kind: 'null', value: lower });
			else if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ kind: 'number', value: word });
			else tokens.push({ kind: 'ident', value: word });
		}
	}
	return tokens;
}

export function attribute(subject: Record<string, unknown>, path: string): unknown {
	return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), subject);
}

function compare(actual: unknown, op: string, expected: unknown): boolean {
	if (op === 'pr') return actual !== undefined && actual !== null && actual !== '';
	if (actual === undefined || actual === null) return op === 'ne' ? expected !== null : expected === null && op === 'eq';
	if (typeof expected === 'string' && typeof actual === 'string') {
		const a = actual.toLowerCase();
		const b = expected.toLowerCase();
		switch (op) {
			case 'eq': return a === b;
			case 'ne': return a !== b;
			case 'sw': return a.startsWith(b);
			case 'co': return a.includes(b);
			case 'ew': return a.endsWith(b);
			// Dates and other strings compare lexically (ISO-8601 sorts chronologically).
			case 'gt': return actual > expected;
			case 'ge': return actual >= expected;
			case 'lt': return actual < expected;
			case 'le': return actual <= expected;
		}
	}
	if (Array.isArray(actual)) return actual.some((entry) => compare(entry, op, expected));
	switch (op) {
		case 'eq': return actual === expected;
		case 'ne': return actual !== expected;
		case 'gt': return Number(actual) > Number(expected);
		case 'ge': return Number(actual) >= Number(expected);
		case 'lt': return Number(actual) < Number(expected);
		case 'le': return Number(actual) <= Number(expected);
		default: return false;
	}
}

export function parseExpression(text: string): { predicate: Predicate; attributes: string[] } {
	const tokens = tokenize(text);
	const attributes: string[] = [];
	let position = 0;
	const peek = () => tokens[position];
	const next = () => tokens[position++];

	function primary(): Predicate {
		const token = next();
		if (!token) throw new ExpressionError('Unexpected end of expression');
		if (token.kind === 'lparen') {
			const inner = or();
			if (next()?.kind !== 'rparen') throw new ExpressionError('Missing closing parenthesis');
			return inner;
		}
		if (token.kind === 'not') {
			const inner = primary();
			return (subject) => !inner(subject);
		}
		if (token.kind !== 'ident') throw new ExpressionError(`Expected an attribute name, found '${token.value}'`);
		attributes.push(token.value);
		const op = next();
		if (op?.kind !== 'op') throw new ExpressionError(`Expected an operator after '${token.value}'`);
		if (op.value === 'pr') return (subject) => compare(attribute(subject, token.value), 'pr', undefined);
		const literal = next();
		if (!literal || !['string', 'number', 'bool', 'null'].includes(literal.kind)) {
			throw new ExpressionError(`Expected a value after '${token.value} ${op.value}'`);
		}
		const expected = literal.kind === 'string' ? literal.value : literal.kind === 'number' ? Number(literal.value) : literal.kind === 'bool' ? literal.value === 'true' : null;
		return (subject) => compare(attribute(subject, token.value), op.value, expected);
	}
	function and(): Predicate {
		let left = primary();
		while (peek()?.kind === 'and') {
			next();
			const right = primary();
			const l = left;
			left = (subject) => l(subject) && right(subject);
		}
		return left;
	}
	function or(): Predicate {
		let left = and();
		while (peek()?.kind === 'or') {
			next();
			const right = and();
			const l = left;
			left = (subject) => l(subject) || right(subject);
		}
		return left;
	}

	const predicate = or();
	if (position < tokens.length) throw new ExpressionError(`Unexpected '${tokens[position].value}'`);
	return { predicate, attributes };
}
