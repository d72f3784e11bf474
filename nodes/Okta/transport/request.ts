import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { oktaBaseUrl, OktaDomainError } from '../shared/domain';
import { isResourceNonceChallenge, rememberDpopNonce } from '../shared/dpop';
import {
	extractHttpFailure,
	failureFromResponse,
	headerValue,
	type HttpFailure,
	isNetworkFailure,
	oktaApiError,
} from '../shared/errors';
import { maxPageSize, pageSizeFor, parseLinkHeader } from './paginate';
import { endpointFamily, governorFor, parseRateLimitHeaders, RATE_LIMIT_DEFAULTS, rateLimitWaitMs } from './rateLimit';

export type OktaFunctions = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

/** Every credential type is named `oktaDirectory<Kind>Api` (the `name` in credentials/*.credentials.ts). */
const credentialTypeName = <Kind extends string>(kind: Kind) => `oktaDirectory${kind}Api` as const;

/** The `authentication` parameter's values and the credential type each one selects. */
export const CREDENTIAL_TYPES = {
	apiToken: credentialTypeName('ApiToken'),
	oAuth2: credentialTypeName('OAuth2'),
	serviceApp: credentialTypeName('ServiceApp'),
} as const;
export type Authentication = keyof typeof CREDENTIAL_TYPES;

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TRANSIENT_RETRIES = 3;
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

/**
 * What the transport does when an attempt fails without saying whether it reached Okta (dropped connection,
 * timeout, 5xx, an answer cut off in transit). Set per call, because only the operation knows what a
 * second landing would do:
 * - `'safe'`: repeat it (up to 3 times). Only for requests whose repeat cannot do more than the first
 *   attempt did. The default for GET, PUT and DELETE.
 * - `'never'`: do not repeat; the item fails saying the request may or may not have reached Okta. The
 *   default for POST.
 * - `{ reconcile }`: repeat it, and when Okta refuses a repeat (4xx), call `reconcile` with the refusal:
 *   the earlier attempt may have landed, and the refusal may only say so. `reconcile` reads Okta's state
 *   and returns a `Reconciliation` when the item's goal was reached, or undefined to let the refusal fail
 *   the item. Only `oktaApiRequestOutcome` takes this policy, because only its result can say so.
 */
export type RepeatPolicy = 'safe' | 'never' | { reconcile: Reconcile };
export type Reconcile = (refusal: OktaRefusal) => Promise<Reconciliation | undefined>;

/** What `reconcile` found: what Okta returned when re-read (empty when nothing was read), and our conclusion. */
export interface Reconciliation {
	body: IDataObject;
	resolvedAfterRetry: string;
}

/**
 * The result of `oktaApiRequestOutcome`. `body` is always what Okta sent: its answer to the request, or,
 * when a repeat was refused and reconciled, what `reconcile` read back. `resolvedAfterRetry` is our
 * conclusion, present only in the second case.
 */
export interface OktaOutcome {
	body: IDataObject;
	/** Okta's status for its answer; absent when the body was read back by `reconcile`. */
	statusCode?: number;
	resolvedAfterRetry?: string;
}

export interface OktaRequestOptions {
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
	itemIndex?: number;
	/** See `RepeatPolicy`. Defaults to `'never'` for POST and `'safe'` for every other method. */
	repeat?: 'safe' | 'never';
	/** Statuses the caller handles itself (for example 404 when checking that a hook still exists). */
	acceptStatuses?: number[];
	/** What the request is about, put in front of its error messages where the path does not name the item (for example "Creating user jane@example.com"). */
	subject?: string;
}

export interface OktaOutcomeOptions extends Omit<OktaRequestOptions, 'repeat'> {
	repeat: RepeatPolicy;
}

/** Okta's answer to a repeated request, for `reconcile`. */
export interface OktaRefusal {
	status: number;
	errorCode?: string;
	/** errorSummary and every errorCauses summary, to match messages such as "login: … already exists". */
	summaries: string[];
}

export interface OktaResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

interface OktaClient {
	credentialType: string;
	baseUrl: string;
	timeoutMs: number;
	maxRateLimitRetries: number;
}

/** Per node run: which credential, which org, which timeouts. Read once, not per item or per page. */
const clients = new WeakMap<object, Promise<OktaClient>>();

export class OktaInputError extends Error {}

/**
 * Builds an API path with every interpolated value percent-encoded, so an id such as `../groups/x` or one
 * with CR/LF stays one path segment. Dot segments are refused: URL parsers resolve even `%2e%2e`.
 */
export function oktaPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
	return strings.reduce((path, part, index) => {
		if (index === 0) return part;
		const raw = String(values[index - 1]);
		if (raw.trim() === '' || /^\.{1,2}$/.test(raw.trim())) {
			throw new OktaInputError(`"${raw}" is not a valid Okta ID`);
		}
		return `${path}${encodeURIComponent(raw)}${part}`;
	}, '');
}

function readParameter<T>(ctx: OktaFunctions, name: string, fallback: T): T {
	try {
		return ((ctx.getNodeParameter as (n: string, i: number, f: T) => unknown)(name, 0, fallback) ?? fallback) as T;
	} catch {
		return fallback;
	}
}

async function resolveClient(ctx: OktaFunctions): Promise<OktaClient> {
	let client = clients.get(ctx);
	if (!client) {
		client = (async () => {
			const authentication = readParameter<string>(ctx, 'authentication', 'apiToken') as Authentication;
			const credentialType = CREDENTIAL_TYPES[authentication] ?? CREDENTIAL_TYPES.apiToken;
			const credentials = await ctx.getCredentials(credentialType);
			let baseUrl: string;
			try {
				baseUrl = oktaBaseUrl(credentials.domain);
			} catch (error) {
				throw new NodeOperationError(ctx.getNode(), error instanceof OktaDomainError ? error.message : (error as Error));
			}
			const requestOptions = readParameter<IDataObject>(ctx, 'requestOptions', {});
			const timeoutSeconds = Number(requestOptions.timeout);
			const retries = Number(requestOptions.maxRateLimitRetries);
			return {
				credentialType,
				baseUrl,
				timeoutMs: timeoutSeconds > 0 ? timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS,
				maxRateLimitRetries: Number.isInteger(retries) && retries >= 0 ? retries : RATE_LIMIT_DEFAULTS.maxRetries,
			};
		})();
		clients.set(ctx, client);
		client.catch(() => clients.delete(ctx));
	}
	return await client;
}

/** The credential's Okta base URL, validated (the System Log trigger keys its rate-limit reserve by org). */
export async function getOktaBaseUrl(this: OktaFunctions): Promise<string> {
	return (await resolveClient(this)).baseUrl;
}

/** Resolves a path or an Okta-issued absolute URL (a `next` link), refusing any other origin. */
function resolveUrl(ctx: OktaFunctions, baseUrl: string, pathOrUrl: string): { url: string; path: string } {
	if (pathOrUrl.startsWith('/')) return { url: `${baseUrl}${pathOrUrl}`, path: pathOrUrl };
	let parsed: URL;
	try {
		parsed = new URL(pathOrUrl);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `Not an Okta URL: ${pathOrUrl}`);
	}
	if (parsed.origin !== baseUrl) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Refusing to send the Okta credential to ${parsed.origin}: it is not the credential's domain ${baseUrl}`,
		);
	}
	return { url: parsed.toString(), path: parsed.pathname };
}

function parseJsonBody(response: IN8nHttpFullResponse): unknown {
	const { body } = response;
	if (typeof body !== 'string') return body;
	if (body === '') return undefined;
	const contentType = headerValue(response.headers as IDataObject, 'content-type') ?? '';
	if (!/json/i.test(contentType)) return body;
	try {
		return JSON.parse(body);
	} catch {
		// A JSON response that does not parse was cut off in transit: treat it like a dropped connection.
		const failure: HttpFailure = {
			headers: response.headers as HttpFailure['headers'],
			networkCode: 'EBADJSON',
			networkMessage: `Okta's response was cut off (${body.length} bytes of invalid JSON)`,
		};
		throw Object.assign(new Error(failure.networkMessage), { oktaFailure: failure });
	}
}

function refusalOf(failure: HttpFailure): OktaRefusal {
	const body = (failure.body && typeof failure.body === 'object' ? failure.body : {}) as {
		errorCode?: string;
		errorSummary?: string;
		errorCauses?: Array<{ errorSummary?: string }>;
	};
	const summaries = [body.errorSummary, ...(body.errorCauses ?? []).map((cause) => cause?.errorSummary)].filter(
		(text): text is string => typeof text === 'string',
	);
	return { status: failure.status ?? 0, errorCode: body.errorCode, summaries };
}

function describeRequest(method: string, path: string): string {
	return `${method} ${path.split('?')[0]}`;
}

type Sent = { response: OktaResponse; reconciled?: undefined } | { response?: undefined; reconciled: Reconciliation };

/**
 * The one place the package talks to Okta. Applies the chosen credential through n8n, paces requests
 * per endpoint family, waits out 429s until `X-Rate-Limit-Reset`, repeats transient failures as the call's
 * `RepeatPolicy` allows, and turns Okta's error bodies into readable NodeApiErrors without secrets.
 */
async function send(ctx: OktaFunctions, method: IHttpRequestMethods, pathOrUrl: string, options: OktaRequestOptions): Promise<{ response: OktaResponse; reconciled?: undefined }>;
async function send(ctx: OktaFunctions, method: IHttpRequestMethods, pathOrUrl: string, options: OktaRequestOptions, reconcile: Reconcile): Promise<Sent>;
async function send(
	ctx: OktaFunctions,
	method: IHttpRequestMethods,
	pathOrUrl: string,
	options: OktaRequestOptions,
	reconcile?: Reconcile,
): Promise<Sent> {
	const client = await resolveClient(ctx);
	const { url, path } = resolveUrl(ctx, client.baseUrl, pathOrUrl);
	const repeats = reconcile !== undefined || (options.repeat ?? (method === 'POST' ? 'never' : 'safe')) === 'safe';
	const governor = governorFor(client.baseUrl, endpointFamily(method, path));
	const request: IHttpRequestOptions = {
		method,
		url,
		json: true,
		returnFullResponse: true,
		// Error answers come back as responses, so status, body and headers (X-Rate-Limit-Reset) survive on
		// n8n 1.x too, whose NodeApiError drops them (see extractHttpFailure).
		ignoreHttpStatusErrors: true,
		timeout: client.timeoutMs,
		headers: { Accept: 'application/json', ...(options.headers ?? {}) },
		...(options.qs && Object.keys(options.qs).length ? { qs: options.qs } : {}),
		...(options.body !== undefined ? { body: options.body } : {}),
	};

	const subjectPrefix = options.subject ? `${options.subject}: ` : '';
	let rateLimitRetries = 0;
	let transientRetries = 0;
	let nonceRetried = false;
	for (;;) {
		await governor.acquire();
		let observed;
		try {
			const attempt = async (ignoreHttpStatusErrors: boolean) =>
				(await ctx.helpers.httpRequestWithAuthentication.call(ctx, client.credentialType, {
					...request,
					ignoreHttpStatusErrors,
					headers: { ...request.headers },
				})) as IN8nHttpFullResponse;
			let response = await attempt(true);
			if (
				response.statusCode === 401 &&
				client.credentialType !== CREDENTIAL_TYPES.apiToken &&
				!isResourceNonceChallenge(response.statusCode, response.headers as IDataObject)
			) {
				// n8n refreshes an OAuth2 token or the service app's expirable token only when the request throws
				// a 401 (n8n-core requestOAuth2 and httpRequestWithAuthentication); a 401 was not processed by
				// Okta, so asking again in throwing mode is safe for any method. A DPoP nonce challenge is not an
				// expired token: it is answered below without a new token.
				response = await attempt(false);
			}
			observed = parseRateLimitHeaders(response.headers as IDataObject);
			rememberDpopNonce(url, response.headers as IDataObject);
			if (response.statusCode >= 400) {
				throw Object.assign(new Error(`HTTP ${response.statusCode}`), { oktaFailure: failureFromResponse(response) });
			}
			return { response: { statusCode: response.statusCode, headers: response.headers as IDataObject, body: parseJsonBody(response) } };
		} catch (error) {
			const failure = (error as { oktaFailure?: HttpFailure }).oktaFailure ?? extractHttpFailure(error);
			observed = parseRateLimitHeaders(failure.headers);
			// A DPoP nonce challenge (RFC 9449 §9) was refused before any work: the credential signs the repeat with the nonce.
			if (!nonceRetried && isResourceNonceChallenge(failure.status, failure.headers)) {
				rememberDpopNonce(url, failure.headers);
				nonceRetried = true;
				continue;
			}
			if (failure.status !== undefined && options.acceptStatuses?.includes(failure.status)) {
				return { response: { statusCode: failure.status, headers: failure.headers as IDataObject, body: failure.body } };
			}
			if (failure.status === 429) {
				if (rateLimitRetries < client.maxRateLimitRetries) {
					await sleep(rateLimitWaitMs(observed, rateLimitRetries));
					rateLimitRetries++;
					continue;
				}
				throw oktaApiError(
					ctx.getNode(),
					failure,
					options.itemIndex,
					`${subjectPrefix}Okta rate limit still exceeded after ${rateLimitRetries} retries on ${describeRequest(method, path)}. ` +
						'Lower the concurrency, spread the job over time, or ask Okta for a higher limit',
				);
			}
			const refused = failure.status !== undefined && failure.status >= 400 && failure.status < 500 && !failure.cutOff;
			if (transientRetries > 0 && reconcile && refused) {
				const reconciled = await reconcile(refusalOf(failure));
				if (reconciled !== undefined) return { reconciled };
			}
			// An error answer whose JSON was cut off lost Okta's reason, which a refused repeat needs: ask again.
			const transient = isNetworkFailure(failure) || TRANSIENT_STATUSES.has(failure.status ?? 0) || failure.cutOff === true;
			if (transient && repeats && transientRetries < MAX_TRANSIENT_RETRIES) {
				await sleep(Math.min(8000, 500 * 2 ** transientRetries));
				transientRetries++;
				continue;
			}
			if (failure.status === undefined && !failure.networkCode) {
				// Raised before any request was sent (credential missing, not connected, or its token request refused).
				throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex: options.itemIndex });
			}
			const attempted = describeRequest(method, path);
			let prefix: string | undefined;
			if (transient && !repeats) prefix = `${attempted} may or may not have reached Okta and was not repeated`;
			else if (transient && transientRetries > 0) prefix = `${attempted} still failed after ${transientRetries} retries`;
			else if (transientRetries > 0) prefix = `${attempted} was repeated after an attempt that may have reached Okta, and Okta refused the repeat`;
			throw oktaApiError(ctx.getNode(), failure, options.itemIndex, options.subject ? [options.subject, prefix].filter(Boolean).join(': ') : prefix);
		} finally {
			governor.release(observed);
		}
	}
}

/** Okta's full answer (status, headers, body), for callers that read headers or accept error statuses. */
export async function oktaApiRequestFull(
	this: OktaFunctions,
	method: IHttpRequestMethods,
	pathOrUrl: string,
	options: OktaRequestOptions = {},
): Promise<OktaResponse> {
	return (await send(this, method, pathOrUrl, options)).response;
}

/** The response body of one Okta call (an empty object for 204 No Content). */
export async function oktaApiRequest(
	this: OktaFunctions,
	method: IHttpRequestMethods,
	pathOrUrl: string,
	options: OktaRequestOptions = {},
): Promise<IDataObject> {
	const { body } = await oktaApiRequestFull.call(this, method, pathOrUrl, options);
	return (body ?? {}) as IDataObject;
}

/**
 * One Okta call under any `RepeatPolicy`, including `{ reconcile }`: Okta's body, plus `resolvedAfterRetry`
 * when a refused repeat was reconciled (see `OktaOutcome`).
 */
export async function oktaApiRequestOutcome(
	this: OktaFunctions,
	method: IHttpRequestMethods,
	pathOrUrl: string,
	options: OktaOutcomeOptions,
): Promise<OktaOutcome> {
	const { repeat, ...rest } = options;
	const sent =
		typeof repeat === 'object'
			? await send(this, method, pathOrUrl, rest, repeat.reconcile)
			: await send(this, method, pathOrUrl, { ...rest, repeat });
	if (sent.reconciled) return { body: sent.reconciled.body, resolvedAfterRetry: sent.reconciled.resolvedAfterRetry };
	return { body: (sent.response.body ?? {}) as IDataObject, statusCode: sent.response.statusCode };
}

export interface OktaPage {
	items: IDataObject[];
	/** Okta's rel="next" URL, or undefined on the last page. */
	nextUrl?: string;
}

/** One page of a listing: the first (path + qs, at the largest page size) or the one a `next` URL names. */
export async function oktaApiRequestPage(
	this: OktaFunctions,
	pathOrNextUrl: string,
	qs: IDataObject = {},
	options: { itemIndex?: number; pageSize?: number; subject?: string } = {},
): Promise<OktaPage> {
	const isNext = !pathOrNextUrl.startsWith('/');
	const pageMax = maxPageSize(isNext ? new URL(pathOrNextUrl).pathname : pathOrNextUrl);
	const query = isNext ? undefined : { ...qs };
	if (query && pageMax !== undefined && query.limit === undefined) query.limit = options.pageSize ?? pageMax;
	const response = await oktaApiRequestFull.call(this, 'GET', pathOrNextUrl, { qs: query, itemIndex: options.itemIndex, subject: options.subject });
	const items = Array.isArray(response.body) ? (response.body as IDataObject[]) : [];
	const nextUrl = parseLinkHeader(headerValue(response.headers, 'link')).next;
	return { items, nextUrl: nextUrl && nextUrl !== pathOrNextUrl ? nextUrl : undefined };
}

/**
 * All items of a listing (Return All), or the first `limit`. Each page is as large as the endpoint allows,
 * so N objects cost ceil(N / page size) requests; a limit below the page size asks for just that many (or for
 * the smallest page the listing accepts, and keeps the first `limit`).
 */
export async function oktaApiRequestAllItems(
	this: OktaFunctions,
	path: string,
	qs: IDataObject = {},
	options: { returnAll?: boolean; limit?: number; itemIndex?: number; subject?: string } = {},
): Promise<IDataObject[]> {
	const returnAll = options.returnAll ?? true;
	const limit = returnAll ? Infinity : Math.max(0, options.limit ?? 50);
	if (limit === 0) return [];
	const pageSize = pageSizeFor(path, limit);
	const items: IDataObject[] = [];
	const visited = new Set<string>();
	let next: string | undefined = path;
	let first = true;
	while (next !== undefined && items.length < limit) {
		const page: OktaPage = await oktaApiRequestPage.call(this, next, first ? qs : {}, { itemIndex: options.itemIndex, pageSize, subject: options.subject });
		first = false;
		items.push(...page.items);
		visited.add(next);
		// A next link that repeats one already followed would loop forever (n8n issue #11444's symptom).
		next = page.nextUrl !== undefined && !visited.has(page.nextUrl) ? page.nextUrl : undefined;
	}
	return returnAll ? items : items.slice(0, limit);
}
