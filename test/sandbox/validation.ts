import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

import { sendError } from './context';
import managementSpec from './spec/okta-management.trimmed.json';
import oauthSpec from './spec/okta-oauth.trimmed.json';

/**
 * Request (and optionally response) validation against Okta's official management spec, trimmed to the
 * paths this package uses (./spec, made by scripts/trim-okta-spec.ts). express-openapi-validator (ajv
 * underneath) does the checking; this module only turns its findings into Okta's error bodies:
 * - a body that is not JSON: 400 E0000003 "The request body was not well-formed.";
 * - a schema problem in query, path or body: 400 E0000001 "Api validation failed: <fields>", one cause per
 *   problem, e.g. "query.limit: must be integer" or "body.profile: must be object";
 * - a method the spec does not have on a known path: 405 E0000022, with an Allow header;
 * - a body that is not application/json: 415 E0000012 "Unsupported media type".
 * A path the spec does not have at all is the app's final 404 E0000008 (server.ts).
 * Response problems never change the response: they are recorded on the request log entry, and tests
 * assert there are none.
 */

export interface ValidationRecord {
	validation: 'passed' | { error: string };
	responseValidation?: { error: string };
}

type WithEntry = Request & { logEntry?: ValidationRecord };

/**
 * express-openapi-validator insists that query values percent-encode RFC 3986's reserved characters
 * (OpenAPI's allowReserved: false), so `search=(status eq "ACTIVE")` with bare parentheses or a bare `:` in a
 * timestamp would be refused. Okta decodes such values without complaint, and so must the sandbox: this
 * re-encodes those characters (and `+` as `%20`) in query values before the validator reads the URL.
 */
const RESERVED_IN_VALUE = /[:/?[\]@!$'()*,;+]/g;
export function encodeReservedQueryCharacters(req: Request, _res: Response, next: NextFunction): void {
	const question = req.originalUrl.indexOf('?');
	if (question >= 0) {
		const query = req.originalUrl.slice(question + 1);
		if (RESERVED_IN_VALUE.test(query)) {
			RESERVED_IN_VALUE.lastIndex = 0;
			const encoded = query
				.split('&')
				.map((pair) => {
					const equals = pair.indexOf('=');
					if (equals < 0) return pair;
					const value = pair.slice(equals + 1).replace(RESERVED_IN_VALUE, (char) => (char === '+' ? '%20' : `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`));
					return `${pair.slice(0, equals)}=${value}`;
				})
				.join('&');
			req.originalUrl = `${req.originalUrl.slice(0, question)}?${encoded}`;
		}
		RESERVED_IN_VALUE.lastIndex = 0;
	}
	next();
}

function isOAuthError(body: unknown): boolean {
	return !!body && typeof body === 'object' && typeof (body as Record<string, unknown>).error === 'string' && typeof (body as Record<string, unknown>).error_description === 'string';
}

function isOktaError(body: unknown): boolean {
	if (!body || typeof body !== 'object') return false;
	const error = body as Record<string, unknown>;
	return (
		/^E\d{7}$/.test(String(error.errorCode)) &&
		typeof error.errorSummary === 'string' &&
		typeof error.errorId === 'string' &&
		Array.isArray(error.errorCauses) &&
		(error.errorCauses as unknown[]).every((cause) => typeof (cause as { errorSummary?: unknown })?.errorSummary === 'string')
	);
}

/** Okta's leniency: a query parameter with an empty value is as good as absent. */
function dropEmptyQueryValues(req: Request, _res: Response, next: NextFunction): void {
	const question = req.originalUrl.indexOf('?');
	if (question >= 0) {
		const kept = req.originalUrl.slice(question + 1).split('&').filter((pair) => pair !== '' && !pair.endsWith('='));
		req.originalUrl = kept.length ? `${req.originalUrl.slice(0, question)}?${kept.join('&')}` : req.originalUrl.slice(0, question);
		for (const [key, value] of Object.entries(req.query)) if (value === '') delete (req.query as Record<string, unknown>)[key];
	}
	next();
}

type BuildOnce = <T>(key: string, build: () => T) => T;
const builtInThisModule = new Map<string, unknown>();
/**
 * Compiling the spec is the slowest part of starting a sandbox, and the result depends only on the options, so
 * it is built once per option set: per module instance (one per worker process under `npm run test:quick`, whose
 * test files share modules), and under jest's own runner once per worker across test files
 * (test/helpers/environment.ts).
 */
const buildOnce: BuildOnce =
	(globalThis as { __buildOncePerWorker?: BuildOnce }).__buildOncePerWorker ??
	(<T>(key: string, build: () => T): T => {
		if (!builtInThisModule.has(key)) builtInThisModule.set(key, build());
		return builtInThisModule.get(key) as T;
	});

export function specValidator(options: { validateResponses: boolean; spec?: 'management' | 'oauth'; strictQuery?: boolean }): RequestHandler[] {
	const oauth = options.spec === 'oauth';
	const strict = options.strictQuery !== false;
	const compiled = buildOnce(`okta-sandbox-spec-validator:${oauth ? 'oauth' : 'management'}:${options.validateResponses}:${strict}`, () => compileSpecValidator(oauth, strict, options.validateResponses));
	return [...(strict ? [] : [dropEmptyQueryValues]), encodeReservedQueryCharacters, ...compiled];
}

function compileSpecValidator(oauth: boolean, strict: boolean, validateResponses: boolean): RequestHandler[] {
	return OpenApiValidator.middleware({
		apiSpec: (oauth ? oauthSpec : managementSpec) as never,
		validateRequests: { allowUnknownQueryParameters: !strict, coerceTypes: true },
		validateResponses: validateResponses
			? {
					onError: (error: Error, body: unknown, req: Request) => {
						// The spec leaves out some error statuses Okta does send (400 E0000031 for a bad search on
						// GET /users, for one); such a response only has to be a well-formed Okta error.
						// /oauth2/v1/authorize documents only 429: real Okta shows an HTML error page where the
						// sandbox answers an OAuth error body.
						if (/^no schema defined for status code '[45]\d\d'/.test(error.message) && (oauth ? isOAuthError(body) : isOktaError(body))) return;
						const entry = (req as WithEntry).logEntry;
						if (entry) entry.responseValidation = { error: error.message };
					},
				}
			: false,
		validateSecurity: false,
		ignoreUndocumented: true,
		ignorePaths: (path: string) => !path.startsWith(oauth ? '/oauth2/v1' : '/api/v1'),
		validateFormats: true,
	}) as RequestHandler[];
}

const SPEC_ROUTES = Object.entries((managementSpec as { paths: Record<string, Record<string, unknown>> }).paths).map(([path, item]) => ({
	pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
	methods: Object.keys(item).filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key)).map((method) => method.toUpperCase()),
}));

/** The methods the spec has for a management path, or undefined when the spec does not know the path. */
export function specMethods(path: string): string[] | undefined {
	return SPEC_ROUTES.find((route) => route.pattern.test(path))?.methods;
}

type ValidatorError = Error & { status?: number; errors?: Array<{ path: string; message: string }>; headers?: Record<string, string> };

/** "query.limit: must be integer", "body.profile.name: must be string"; problems not about a field (the media type) read "request: …". */
function causesOf(error: ValidatorError): string[] {
	return (error.errors ?? []).map((problem) => {
		const where = /^\/(body|query|params|headers)(\/|$)/.test(problem.path) ? problem.path.replace(/^\//, '').replace(/\//g, '.') : 'request';
		return `${where}: ${problem.message}`;
	});
}

/** Placed right after express.json(): a body that does not parse is Okta's E0000003. */
export function malformedBodyHandler(error: Error & { status?: number }, req: Request, res: Response, next: NextFunction): void {
	if (!error) return next();
	const entry = (req as WithEntry).logEntry;
	if (entry) entry.validation = { error: `body: ${error.message}` };
	sendError(res, error.status === 413 ? 413 : 400, 'E0000003', 'The request body was not well-formed.', [error.message]);
}

/** For /oauth2/v1: validator findings become an OAuth error body, as Okta's authorization server answers. */
export function oauthValidationErrorHandler(error: ValidatorError, req: Request, res: Response, next: NextFunction): void {
	if (!(error.status && error.status < 500 && error.errors)) return next(error);
	const causes = causesOf(error);
	const entry = (req as WithEntry).logEntry;
	if (entry) entry.validation = { error: causes.join('; ') };
	res.status(400).json({ error: 'invalid_request', error_description: causes.join('; ') });
}

/** The last error handler: validator findings become Okta's error bodies (400 E0000001, 405 E0000022, 415 E0000012). */
export function validationErrorHandler(error: ValidatorError, req: Request, res: Response, _next: NextFunction): void {
	const entry = (req as WithEntry).logEntry;
	if (error.status && error.status < 500 && error.errors) {
		const causes = causesOf(error);
		if (entry) entry.validation = { error: causes.join('; ') };
		if (error.status === 405) return sendError(res, 405, 'E0000022', 'The endpoint does not support the provided HTTP method', causes, error.headers?.Allow ? { Allow: error.headers.Allow } : {});
		if (error.status === 415) return sendError(res, 415, 'E0000012', 'Unsupported media type', causes);
		if (error.status === 404) return sendError(res, 404, 'E0000008', 'The requested path was not found', causes);
		return sendError(res, 400, 'E0000001', `Api validation failed: ${[...new Set(causes.map((cause) => cause.split(':')[0]))].join(', ')}`, causes);
	}
	if (entry) entry.validation = { error: error.message };
	sendError(res, 500, 'E0000009', 'Internal Server Error', [error.message]);
}
