import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { errorHint, STATUS_HINTS } from './errorHints';

/** What is left of a failed HTTP exchange once n8n's and axios's wrappers are peeled off. */
export interface HttpFailure {
	status?: number;
	headers: Record<string, string | string[] | undefined>;
	body?: unknown;
	/** Network-level failure such as ECONNRESET or ETIMEDOUT, when there was no response at all. */
	networkCode?: string;
	networkMessage?: string;
	/** The error answer was JSON cut off in transit: the status arrived, Okta's reason did not. */
	cutOff?: boolean;
}

interface OktaErrorBody {
	errorCode?: string;
	errorSummary?: string;
	errorId?: string;
	errorCauses?: Array<{ errorSummary?: string }>;
	error?: string;
	error_description?: string;
}

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ERR_BAD_RESPONSE',
	'UND_ERR_SOCKET',
	'ERR_STREAM_PREMATURE_CLOSE',
	'EBADJSON',
]);

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/**
 * An HTTP error answer that n8n returned instead of throwing (the request set `ignoreHttpStatusErrors`).
 * This is the path that keeps status, body and headers on every n8n line, see extractHttpFailure.
 */
export function failureFromResponse(response: { statusCode: number; headers?: unknown; body?: unknown }): HttpFailure {
	return parseBody({
		status: response.statusCode,
		headers: (asRecord(response.headers) as HttpFailure['headers']) ?? {},
		body: response.body === '' ? undefined : response.body,
	});
}

/**
 * Finds status, headers and body in what n8n threw, wherever they are. n8n-workflow 2.x keeps the AxiosError
 * as `cause` of its NodeApiError. n8n-workflow 1.x does not: its ExecutionBaseError re-declares `cause` as a
 * class field, which resets it after `super()` (n8n-workflow 1.120 dist/cjs/errors/abstract/execution-base.error.js),
 * so only the NodeApiError's `httpCode` ("400", "ECONNRESET") and `context.data` (the JSON body) are left;
 * the headers are gone, which is why requests ask for `ignoreHttpStatusErrors` and use failureFromResponse.
 */
export function extractHttpFailure(error: unknown): HttpFailure {
	const seen = new Set<unknown>();
	let current: unknown = error;
	const failure: HttpFailure = { headers: {} };
	let n8nError: Record<string, unknown> | undefined;
	while (asRecord(current) && !seen.has(current)) {
		seen.add(current);
		const record = asRecord(current)!;
		if (!n8nError && typeof record.httpCode === 'string') n8nError = record;
		const response = asRecord(record.response);
		if (response && failure.status === undefined && typeof response.status === 'number') {
			failure.status = response.status;
			failure.headers = (asRecord(response.headers) as HttpFailure['headers']) ?? {};
			failure.body = response.data ?? response.body;
		}
		if (failure.status === undefined && typeof record.statusCode === 'number' && record.statusCode >= 400) {
			failure.status = record.statusCode;
			failure.headers = (asRecord(record.headers) as HttpFailure['headers']) ?? failure.headers;
			failure.body = record.body ?? record.error;
		}
		const code = typeof record.code === 'string' ? record.code : undefined;
		if (!failure.networkCode && code && NETWORK_CODES.has(code)) {
			failure.networkCode = code;
			if (typeof record.message === 'string') failure.networkMessage = record.message;
		}
		current = record.cause ?? record.reason;
	}
	if (failure.status === undefined && !failure.networkCode && n8nError) readN8nErrorShape(n8nError, failure);
	if (failure.status === undefined && !failure.networkCode && error instanceof Error && /timeout/i.test(error.message)) {
		failure.networkCode = 'ETIMEDOUT';
		failure.networkMessage = error.message;
	}
	return parseBody(failure);
}

/** What n8n-workflow 1.x's NodeApiError keeps of a failed request: the status or network code, and a JSON body. */
function readN8nErrorShape(n8nError: Record<string, unknown>, failure: HttpFailure): void {
	const httpCode = n8nError.httpCode as string;
	if (/^\d{3}$/.test(httpCode) && Number(httpCode) >= 400) {
		failure.status = Number(httpCode);
		failure.body = asRecord(n8nError.context)?.data;
	} else if (NETWORK_CODES.has(httpCode)) {
		failure.networkCode = httpCode;
		if (typeof n8nError.message === 'string') failure.networkMessage = n8nError.message;
	}
}

function parseBody(failure: HttpFailure): HttpFailure {
	if (typeof failure.body === 'string') {
		try {
			failure.body = JSON.parse(failure.body);
		} catch {
			// Not JSON: an HTML error page (keep the text), or JSON truncated in transit.
			failure.cutOff = /json/i.test(headerValue(failure.headers, 'content-type') ?? '');
		}
	}
	return failure;
}

export function isNetworkFailure(failure: HttpFailure): boolean {
	return failure.status === undefined && failure.networkCode !== undefined;
}

export function headerValue(headers: HttpFailure['headers'] | IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.map(String).join(', ');
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

/**
 * Okta names the fields twice: "Api validation failed: login" with the cause "login: An object with this field
 * already exists". When every field the summary lists starts a cause, the list is dropped from the summary.
 */
function withoutFieldsCausesName(summary: string, causes: string[]): string {
	const listed = /^(.*?failed): ([^:]+)$/i.exec(summary);
	if (!listed || causes.length === 0) return summary;
	const fields = listed[2].split(',').map((field) => field.trim());
	return fields.every((field) => causes.some((cause) => cause.startsWith(`${field}: `))) ? listed[1] : summary;
}

/** Human-readable text for an Okta error: summary, each cause, HTTP status and Okta error code. */
export function describeOktaFailure(failure: HttpFailure): { message: string; description: string; errorCode?: string } {
	if (isNetworkFailure(failure)) {
		return {
			message: `Could not reach Okta (${failure.networkCode})`,
			description: `${failure.networkMessage ?? failure.networkCode}. Check the Okta domain, the network path and the request timeout.`,
		};
	}
	const body = (asRecord(failure.body) ?? {}) as OktaErrorBody;
	const status = failure.status ?? 0;
	const fullSummary = body.errorSummary ?? body.error_description ?? body.error ?? STATUS_HINTS[status] ?? 'Okta returned an error';
	const causes = (body.errorCauses ?? [])
		.map((cause) => cause?.errorSummary)
		.filter((text): text is string => typeof text === 'string' && text.length > 0 && text !== fullSummary);
	const summary = withoutFieldsCausesName(fullSummary, causes);
	const code = body.errorCode ?? body.error;
	const tags = [`HTTP ${status}`, code].filter(Boolean).join(', ');
	const message = `${summary}${causes.length ? `: ${causes.join('; ')}` : ''} [${tags}]`;
	const details = [errorHint(status, body.errorCode), body.errorId ? `Okta error id ${body.errorId}` : undefined]
		.filter(Boolean)
		.join('. ');
	return { message, description: details || message, errorCode: code };
}

/**
 * Builds the NodeApiError users see. It is built from a plain object on purpose: the raw client error
 * carries request headers (Authorization), which must never reach execution data or logs.
 */
export function oktaApiError(node: INode, failure: HttpFailure, itemIndex?: number, prefix?: string): NodeApiError {
	const { message, description, errorCode } = describeOktaFailure(failure);
	const text = prefix ? `${prefix}: ${message}` : message;
	const safe: JsonObject = {
		message: text,
		description,
		// n8n replaces the message of errors whose httpCode is a network code (ECONNRESET...) with a generic one.
		...(failure.status ? { httpCode: String(failure.status) } : {}),
		...(errorCode ? { errorCode } : {}),
	};
	const error = new NodeApiError(node, safe, {
		message: text,
		description,
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex,
	});
	// n8n swaps any message that mentions ECONNRESET, ETIMEDOUT... for a generic one; ours says what was
	// being done and whether it was repeated, so it is put back.
	error.message = text;
	return error;
}
