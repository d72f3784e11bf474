import express, { type Express, type NextFunction, type Request, type Response } from 'express';

import { requireScope, scopesFor, type Authenticator } from './auth';
import { randomBytes } from 'node:crypto';

import { sendError, type EventOrigin, type SandboxContext, type SandboxState } from './context';
import type { EventDelivery } from './delivery';
import type { FaultAction, Faults, FaultSpec } from './faults';
import type { OrgAuthorizationServer } from './oauth';
import { familyOf, type RateLimiter } from './rateLimit';
import * as apps from './routes/apps';
import * as devices from './routes/devices';
import * as eventHooks from './routes/eventHooks';
import * as groups from './routes/groups';
import * as logs from './routes/logs';
import * as realms from './routes/realms';
import * as users from './routes/users';
import * as userTypes from './routes/userTypes';
import type { Seed } from './seed';
import { malformedBodyHandler, oauthValidationErrorHandler, specMethods, specValidator, validationErrorHandler } from './validation';

/**
 * The sandbox's express app, in the order a request meets things in front of and inside Okta:
 * /__sandbox introspection (no auth, no limits) → request log (credentials masked) → rate limits and the
 * concurrency limit (X-Rate-Limit-* on every response, 429 E0000047) → latency and injected faults →
 * JSON body parsing (malformed → 400 E0000003) → authentication (SSWS / Bearer) → spec validation →
 * the org authorization server and the route modules → 404 → validation/500 errors in Okta's shape.
 */

export interface RequestLogEntry {
	time: number;
	method: string;
	path: string;
	query: Record<string, unknown>;
	status: number;
	headers: Record<string, string>;
	body?: unknown;
	validation: 'passed' | { error: string };
	responseValidation?: { error: string };
	family: string;
	durationMs?: number;
	/** Sent back as X-Okta-Request-Id, and the `transaction.id` of the events this request caused. */
	requestId?: string;
	/** The injected fault, if any. For faults that strike after the route ran, `processedStatus` is what the route answered. */
	fault?: FaultAction['kind'];
	processedStatus?: number;
}

export interface ServerParts {
	state: SandboxState;
	ctx: SandboxContext;
	authenticator: Authenticator;
	oauth: OrgAuthorizationServer;
	limiter: RateLimiter;
	faults: Faults;
	delivery: EventDelivery;
	systemLog: logs.SystemLog;
	requestLog: RequestLogEntry[];
	latencyMs: () => number;
	validateResponses: boolean;
	strictQuery: boolean;
	/** Introspection actions that need the whole sandbox. */
	control: {
		reset(seed?: Seed): void;
		setRateLimits(limits: Parameters<RateLimiter['setLimits']>[0], windowMs?: number): void;
		expireAccessTokens(): void;
	};
}

const SENSITIVE_HEADERS = /^(authorization|cookie|set-cookie|proxy-authorization|x-okta-verification-challenge)$/i;
const SENSITIVE_FIELDS = /^(password|value|client_secret|client_assertion|refresh_token|code|access_token|answer)$/i;

/** Header values with their credential part replaced: "SSWS ****", "Bearer ****", "DPoP ****", "****". */
export function maskHeaders(headers: Request['headers']): Record<string, string> {
	return Object.fromEntries(
		Object.entries(headers).map(([key, value]) => {
			const text = Array.isArray(value) ? value.join(', ') : String(value ?? '');
			if (!SENSITIVE_HEADERS.test(key)) return [key, text];
			const scheme = /^(SSWS|Bearer|Basic|DPoP) /i.exec(text)?.[1];
			return [key, scheme ? `${scheme} ****` : '****'];
		}),
	);
}

/** A copy of a request body with passwords, secrets and assertions masked. */
export function maskBody(body: unknown): unknown {
	if (Array.isArray(body)) return body.map(maskBody);
	if (!body || typeof body !== 'object') return body;
	return Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([key, value]) => [key, SENSITIVE_FIELDS.test(key) && typeof value === 'string' ? '****' : maskBody(value)]));
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function serializeState(state: SandboxState): Record<string, unknown> {
	return {
		users: [...state.users.values()].map(({ password: _password, ...user }) => user),
		groups: [...state.groups.values()],
		memberships: Object.fromEntries([...state.memberships].map(([id, members]) => [id, [...members]])),
		devices: [...state.devices.values()],
		realms: [...state.realms.values()],
		userTypes: [...state.userTypes.values()],
		apps: [...state.apps.values()],
		appUsers: Object.fromEntries([...state.appUsers].map(([id, users]) => [id, Object.fromEntries(users)])),
		appGroups: Object.fromEntries([...state.appGroups].map(([id, groups]) => [id, Object.fromEntries(groups)])),
		eventHooks: [...state.eventHooks.values()].map((hook) => ({
			...hook,
			channel: { ...hook.channel, config: { ...hook.channel.config, authScheme: hook.channel.config.authScheme ? { ...hook.channel.config.authScheme, value: '****' } : null } },
		})),
	};
}

type WithEntry = Request & { logEntry?: RequestLogEntry; scopes?: string[]; grant?: { clientId: string; sub?: string } };

/** Okta's request ids look like "XOZfPkReFFZ10KWyGkzAMwAAADA": 27 URL-safe characters. */
const newRequestId = () => randomBytes(20).toString('base64url').slice(0, 27);

export function createApp(parts: ServerParts): Express {
	const { state, ctx, authenticator, oauth, limiter, faults, delivery, requestLog, control } = parts;
	const app = express();
	app.disable('x-powered-by');
	app.set('etag', false);
	app.set('query parser', 'extended');

	const introspection = express.Router();
	introspection.get('/state', (_req, res) => res.json(serializeState(state)));
	introspection.get('/requests', (_req, res) => res.json(requestLog));
	introspection.delete('/requests', (_req, res) => {
		requestLog.length = 0;
		res.status(204).end();
	});
	introspection.post('/reset', express.json(), (req, res) => {
		control.reset(req.body?.seed as Seed | undefined);
		res.status(204).end();
	});
	introspection.post('/flush', async (_req, res) => {
		await delivery.flush();
		res.status(204).end();
	});
	introspection.get('/deliveries', (_req, res) => res.json(delivery.attempts));
	introspection.post('/system-log/expire', (_req, res) => {
		parts.systemLog.expireAll();
		res.status(204).end();
	});
	// Test-only: the secrets the sandbox issued or was given, so a leak check can search for them without printing them.
	introspection.get('/issued-secrets', (_req, res) =>
		res.json({
			...oauth.issuedTokens(),
			hookSecrets: [...state.eventHooks.values()].map((hook) => hook.channel.config.authScheme?.value).filter((value): value is string => Boolean(value)),
		}),
	);
	introspection.post('/duplicate-deliveries', express.json(), (req, res) => {
		delivery.forceDuplicateDelivery(req.body?.on === true);
		res.status(204).end();
	});
	introspection.post('/deliveries/replay-last', async (_req, res) => {
		const attempt = await delivery.replayLast();
		if (!attempt) return void res.status(404).json({ error: 'nothing delivered yet' });
		res.json(attempt);
	});
	introspection.post('/event-hooks/:id/raw-delivery', express.json({ limit: '64mb' }), async (req, res) => {
		const hook = state.eventHooks.get(String(req.params.id));
		if (!hook) return void res.status(404).json({ error: 'no such hook' });
		const { body, contentType } = (req.body ?? {}) as { body?: string; contentType?: string };
		res.json(await delivery.sendRaw(hook, String(body ?? ''), contentType ?? 'application/json'));
	});
	introspection.post('/faults', express.json(), (req, res) => {
		const { route, regex, spec } = (req.body ?? {}) as { route?: string; regex?: string; spec: FaultSpec };
		faults.set(regex ? new RegExp(regex) : (route ?? '/'), spec);
		res.status(204).end();
	});
	introspection.delete('/faults', (_req, res) => {
		faults.clear();
		res.status(204).end();
	});
	introspection.post('/rate-limits', express.json(), (req, res) => {
		control.setRateLimits(req.body?.limits ?? {}, req.body?.windowMs);
		res.status(204).end();
	});
	introspection.post('/require-dpop', express.json(), (req, res) => {
		oauth.setRequireDpop(String(req.body?.clientId), req.body?.on !== false);
		res.status(204).end();
	});
	introspection.post('/expire-tokens', (_req, res) => {
		control.expireAccessTokens();
		res.status(204).end();
	});
	app.use('/__sandbox', introspection);

	// Logging, limits, latency and faults come first, as they would in front of Okta.
	app.use(async (req: Request, res: Response, next: NextFunction) => {
		const started = Date.now();
		const requestId = newRequestId();
		res.setHeader('X-Okta-Request-Id', requestId);
		const entry: RequestLogEntry = {
			time: started,
			method: req.method,
			path: req.path,
			query: { ...(req.query as Record<string, unknown>) },
			status: 0,
			headers: maskHeaders(req.headers),
			validation: 'passed',
			family: familyOf(req.method, req.path),
			requestId,
		};
		requestLog.push(entry);
		(req as WithEntry).logEntry = entry;
		res.on('finish', () => {
			entry.status = res.statusCode;
			entry.durationMs = Date.now() - started;
			if (req.body !== undefined && typeof req.body === 'object') entry.body = maskBody(req.body);
		});
		// A request counts against the concurrency limit for as long as Okta takes to answer it.
		if (!limiter.admit(res, entry.family as never)) return;
		let released = false;
		const release = () => {
			if (!released) limiter.release();
			released = true;
		};
		res.on('finish', release);
		res.on('close', release);
		const latency = parts.latencyMs() + faults.latency(req);
		if (latency > 0) await sleep(latency);
		const action = faults.decide(req);
		if (action.kind !== 'none') entry.fault = action.kind;
		if (action.kind === 'drop') {
			entry.status = -1;
			req.socket.destroy();
			return;
		}
		if (action.kind === 'rateLimit') {
			res.setHeader('X-Rate-Limit-Limit', res.getHeader('X-Rate-Limit-Limit') ?? '600');
			res.setHeader('X-Rate-Limit-Remaining', '0');
			res.setHeader('X-Rate-Limit-Reset', String(Math.ceil(Date.now() / 1000) + 1));
			return sendError(res, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
		}
		if (action.kind === 'error') {
			if (action.status === 503) return sendError(res, 503, 'E0000010', 'Service is in read only mode');
			return sendError(res, action.status, 'E0000009', 'Internal Server Error');
		}
		if (action.kind === 'truncate') {
			res.json = (body: unknown) => {
				entry.processedStatus = res.statusCode;
				const text = JSON.stringify(body);
				res.setHeader('content-type', 'application/json');
				res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
				return res;
			};
		}
		if (action.kind === 'dropAfter' || action.kind === 'spike') {
			// The route runs and changes state; only its answer is lost (drop) or held back past the client's timeout (spike).
			const end = res.end.bind(res) as (...args: unknown[]) => Response;
			res.end = ((...args: unknown[]) => {
				entry.processedStatus = res.statusCode;
				// 'finish' never fires for a lost answer, so the request body is logged here.
				if (req.body !== undefined && typeof req.body === 'object') entry.body = maskBody(req.body);
				if (action.kind === 'dropAfter') {
					entry.status = -1;
					req.socket.destroy();
					return res;
				}
				setTimeout(() => (req.socket.destroyed ? (entry.status = -1) : end(...args)), action.ms).unref();
				return res;
			}) as Response['end'];
		}
		next();
	});

	app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
	app.use(malformedBodyHandler);

	app.use('/api/v1', (req: Request, res: Response, next: NextFunction) => {
		const scopes = authenticator.authenticate(req, res);
		if (!scopes) return;
		(req as WithEntry).scopes = scopes;
		if (!requireScope(req, res, scopes, ...(scopesFor(req.method, `/api/v1${req.path}`) ?? []))) return;
		next();
	});

	// The org authorization server, checked against Okta's OAuth spec by a validator of its own.
	const oauthApp = express();
	oauthApp.set('query parser', 'extended');
	oauthApp.use(express.urlencoded({ extended: false, limit: '1mb' }));
	oauthApp.use(specValidator({ validateResponses: parts.validateResponses, spec: 'oauth' }));
	const oauthRouter = express.Router();
	oauth.register(oauthRouter);
	oauthApp.use(oauthRouter);
	oauthApp.use(oauthValidationErrorHandler);
	app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/oauth2/v1/') ? oauthApp(req, res, next) : next()));

	app.use(specValidator({ validateResponses: parts.validateResponses, strictQuery: parts.strictQuery }));

	const router = express.Router();
	users.register(router, ctx);
	groups.register(router, ctx);
	devices.register(router, ctx);
	realms.register(router, ctx);
	userTypes.register(router, ctx);
	eventHooks.register(router, ctx, delivery);
	apps.register(router, ctx);
	logs.register(router, ctx, parts.systemLog);
	app.use(router);

	// Nothing answered: a method the spec does not have on a known path is 405, an unknown path 404.
	app.use((req: Request, res: Response) => {
		const methods = specMethods(req.path);
		if (methods && !methods.includes(req.method)) {
			return sendError(res, 405, 'E0000022', 'The endpoint does not support the provided HTTP method', [`${req.method} ${req.path}`], { Allow: methods.join(', ') });
		}
		sendError(res, 404, 'E0000008', 'The requested path was not found', [`${req.method} ${req.path}`]);
	});
	app.use(validationErrorHandler);
	return app;
}

/**
 * The LogEvent actor of a request: the signed-in user of an authorization-code token, the client of a
 * service-app token, and for an API token the admin who made it (the sandbox's stand-in: its first ACTIVE
 * user, the same one `/users/me` answers with).
 */
function originOf(state: SandboxState, req: Request): EventOrigin {
	const grant = (req as WithEntry).grant;
	const user = grant ? (grant.sub ? state.users.get(grant.sub) : undefined) : [...state.users.values()].find((candidate) => candidate.status === 'ACTIVE');
	const actor =
		grant && !grant.sub
			? { id: grant.clientId, type: 'PublicClientApp', alternateId: grant.clientId, displayName: 'Okta sandbox service app' }
			: user
				? { id: user.id, type: 'User', alternateId: String(user.profile.login), displayName: `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim() }
				: { id: '00u000000000000admin', type: 'User', alternateId: 'admin@okta-sandbox.local', displayName: 'Okta Sandbox Admin' };
	return {
		actor,
		ipAddress: req.ip ?? '127.0.0.1',
		userAgent: String(req.headers['user-agent'] ?? ''),
		requestId: (req as WithEntry).logEntry?.requestId ?? newRequestId(),
		requestUri: req.path,
	};
}

/** The context every route module gets. */
export function createContext(state: SandboxState, baseUrl: () => string, delivery: EventDelivery): SandboxContext {
	return {
		state,
		baseUrl,
		emit: (event, req) => delivery.emit(req ? { ...event, origin: originOf(state, req) } : event),
	};
}
