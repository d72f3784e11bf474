import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

import { AuthServer, requireScope as scopeCheck } from './auth';
import { emptyState, sendError, type SandboxContext, type SandboxState } from './context';
import { createEventDelivery } from './delivery';
import { Faults, type FaultSpec } from './faults';
import { familyOf, RateLimiter, type RateLimits } from './rateLimit';
import * as devices from './routes/devices';
import * as eventHooks from './routes/eventHooks';
import * as groups from './routes/groups';
import * as realms from './routes/realms';
import * as users from './routes/users';
import * as userTypes from './routes/userTypes';
import { seedState, type Seed } from './seed';
import managementSpec from './spec/okta-management.trimmed.json';

/**
 * The Okta sandbox: a stateful stand-in for an Okta org, on 127.0.0.1. Every /api/v1 request is checked
 * against Okta's official OpenAPI spec (trimmed copy in ./spec), and so is every response when
 * `validateResponses` is on. See README.md in this folder for what is and is not modelled.
 */

export interface SandboxOptions {
	port?: number;
	seed?: Seed;
	apiToken?: string;
	latencyMs?: number;
	rateLimits?: RateLimits;
	rateLimitWindowMs?: number;
	concurrencyLimit?: number;
	accessTokenTtlSeconds?: number;
	validateResponses?: boolean;
	/** How long the sandbox gathers events into one delivery. */
	deliveryBatchMs?: number;
}

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
}

export interface Sandbox {
	baseUrl: string;
	apiToken: string;
	oauth: {
		webApp: { clientId: string; clientSecret: string };
		serviceApp: { clientId: string; privateKeyPem: string; keyId: string };
		grantScopes(clientId: string, scopes: string[]): void;
		registerServiceApp(opts: { publicKeyPem: string; keyId?: string; scopes: string[] }): { clientId: string };
		/** Ends every access token now, so the next call gets a 401 (forces a refresh). */
		expireAccessTokens(): void;
	};
	state: SandboxState;
	requestLog: RequestLogEntry[];
	faults: { set(route: string | RegExp, spec: FaultSpec): void; clear(): void };
	setRateLimits(limits: RateLimits, windowMs?: number): void;
	rateLimiter: RateLimiter;
	events: { forceDuplicateDelivery(on: boolean): void; flush(): Promise<void>; attempts: ReturnType<typeof createEventDelivery>['attempts'] };
	/** Back to a fresh org with the given seed (default: the seed it started with). */
	reset(seed?: Seed): void;
	close(): Promise<void>;
}

const SENSITIVE = /^(authorization|cookie|x-okta-verification-challenge|proxy-authorization)$/i;

function maskHeaders(headers: Request['headers']): Record<string, string> {
	return Object.fromEntries(
		Object.entries(headers).map(([key, value]) => {
			const text = Array.isArray(value) ? value.join(', ') : String(value ?? '');
			return [key, SENSITIVE.test(key) ? `${text.split(' ')[0]} ****` : text];
		}),
	);
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
		eventHooks: [...state.eventHooks.values()].map((hook) => ({ ...hook, channel: { ...hook.channel, config: { ...hook.channel.config, authScheme: hook.channel.config.authScheme ? { ...hook.channel.config.authScheme, value: '****' } : null } } })),
	};
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	let baseUrl = '';
	const state = emptyState();
	seedState(state, options.seed ?? 'empty');
	const requestLog: RequestLogEntry[] = [];
	const faults = new Faults();
	const limiter = new RateLimiter(options.rateLimits ?? {}, options.rateLimitWindowMs ?? 60_000, options.concurrencyLimit ?? 75);
	const signedInUser = () => [...state.users.values()].find((user) => user.status === 'ACTIVE');
	const auth = new AuthServer(() => baseUrl, options.accessTokenTtlSeconds ?? 3600, signedInUser);
	const apiToken = options.apiToken ?? `00${randomBytes(30).toString('base64url').slice(0, 40)}`;
	auth.apiTokens.add(apiToken);
	const webApp = auth.addWebApp();
	const keyId = `kid-${randomBytes(4).toString('hex')}`;
	const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const serviceApp = {
		...auth.registerServiceApp({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId }),
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		keyId,
	};
	const delivery = createEventDelivery({ state, source: () => baseUrl, batchWindowMs: options.deliveryBatchMs ?? 50 });

	const ctx: SandboxContext = {
		state,
		baseUrl: () => baseUrl,
		emit: (event) => delivery.emit(event),
		requireScope: (req, res, ...scopes) => scopeCheck(req, res, (req as Request & { scopes?: string[] }).scopes ?? [], ...scopes),
	};

	const app = express();
	app.disable('x-powered-by');
	app.set('etag', false);
	app.set('query parser', 'extended');

	const introspection = express.Router();
	introspection.get('/state', (_req, res) => res.json(serializeState(state)));
	introspection.get('/requests', (_req, res) => res.json(requestLog));
	introspection.post('/reset', express.json(), (req, res) => {
		sandbox.reset(req.body?.seed as Seed | undefined);
		res.status(204).end();
	});
	introspection.post('/flush', async (_req, res) => {
		await delivery.flush();
		res.status(204).end();
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
		sandbox.setRateLimits(req.body?.limits ?? {}, req.body?.windowMs);
		res.status(204).end();
	});
	introspection.post('/expire-tokens', (_req, res) => {
		sandbox.oauth.expireAccessTokens();
		res.status(204).end();
	});
	app.use('/__sandbox', introspection);

	// Logging, latency, faults and rate limits come first, as they would in front of Okta.
	app.use(async (req: Request, res: Response, next: NextFunction) => {
		const started = Date.now();
		const entry: RequestLogEntry = {
			time: started,
			method: req.method,
			path: req.path,
			query: { ...(req.query as Record<string, unknown>) },
			status: 0,
			headers: maskHeaders(req.headers),
			validation: 'passed',
			family: familyOf(req.method, req.path),
		};
		requestLog.push(entry);
		(req as Request & { logEntry?: RequestLogEntry }).logEntry = entry;
		res.on('finish', () => {
			entry.status = res.statusCode;
			entry.durationMs = Date.now() - started;
		});
		// A request counts against the concurrency limit for as long as Okta takes to answer it.
		if (req.path.startsWith('/api/v1')) {
			if (!limiter.admit(res, entry.family as never)) return;
			let released = false;
			const release = () => {
				if (!released) limiter.release();
				released = true;
			};
			res.on('finish', release);
			res.on('close', release);
		}
		const latency = (options.latencyMs ?? 0) + faults.latency(req);
		if (latency > 0) await sleep(latency);
		const action = faults.decide(req);
		if (action.kind === 'drop') {
			entry.status = -1;
			req.socket.destroy();
			return;
		}
		if (action.kind === 'rateLimit') {
			res.setHeader('X-Rate-Limit-Limit', '1');
			res.setHeader('X-Rate-Limit-Remaining', '0');
			res.setHeader('X-Rate-Limit-Reset', String(Math.ceil(Date.now() / 1000)));
			return sendError(res, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
		}
		if (action.kind === 'error') return sendError(res, action.status, 'E0000009', 'Internal Server Error');
		if (action.kind === 'truncate') {
			const json = res.json.bind(res);
			res.json = (body: unknown) => {
				const text = JSON.stringify(body);
				res.setHeader('content-type', 'application/json');
				res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
				return json === undefined ? res : res;
			};
		}
		next();
	});

	app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
	app.use((error: Error & { type?: string; status?: number }, req: Request, res: Response, next: NextFunction) => {
		if (!error) return next();
		(req as Request & { logEntry?: RequestLogEntry }).logEntry!.validation = { error: `body: ${error.message}` };
		sendError(res, error.status === 413 ? 413 : 400, 'E0000003', 'The request body was not well-formed.', [error.message]);
	});

	app.use('/api/v1', (req: Request, res: Response, next: NextFunction) => {
		const scopes = auth.authenticate(req, res);
		if (!scopes) return;
		(req as Request & { scopes?: string[] }).scopes = scopes;
		next();
	});

	app.use(
		OpenApiValidator.middleware({
			apiSpec: managementSpec as never,
			validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true },
			validateResponses:
				options.validateResponses === false
					? false
					: {
							onError: (error: Error, _body: unknown, req: Request) => {
								const entry = (req as Request & { logEntry?: RequestLogEntry }).logEntry;
								if (entry) entry.responseValidation = { error: error.message };
							},
						},
			validateSecurity: false,
			ignoreUndocumented: true,
			ignorePaths: (path: string) => !path.startsWith('/api/v1'),
			validateFormats: true,
		}),
	);

	const router = express.Router();
	auth.register(router);
	users.register(router, ctx);
	groups.register(router, ctx);
	devices.register(router, ctx);
	realms.register(router, ctx);
	userTypes.register(router, ctx);
	eventHooks.register(router, ctx, delivery);
	app.use(router);

	app.use((req: Request, res: Response) => sendError(res, 404, 'E0000022', `The endpoint does not support the provided HTTP method`, [`${req.method} ${req.path}`]));
	app.use((error: Error & { status?: number; errors?: Array<{ path: string; message: string }> }, req: Request, res: Response, _next: NextFunction) => {
		const entry = (req as Request & { logEntry?: RequestLogEntry }).logEntry;
		if (error.status && error.status < 500 && error.errors) {
			const causes = error.errors.map((problem) => `${problem.path.replace(/^\/(body|query|params|headers)\//, '$1.').replace(/\//g, '.')}: ${problem.message}`);
			if (entry) entry.validation = { error: causes.join('; ') };
			if (error.status === 404 || error.status === 405) return sendError(res, 404, 'E0000022', 'The endpoint does not support the provided HTTP method', causes);
			return sendError(res, 400, 'E0000001', `Api validation failed: ${causes.map((cause) => cause.split(':')[0]).join(', ')}`, causes);
		}
		sendError(res, 500, 'E0000009', 'Internal Server Error', [error.message]);
	});

	const server: Server = await new Promise((resolve, reject) => {
		const listening = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(listening));
		listening.on('error', reject);
	});
	server.keepAliveTimeout = 5000;
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const sandbox: Sandbox = {
		baseUrl,
		apiToken,
		oauth: {
			webApp,
			serviceApp,
			grantScopes: (clientId, scopes) => auth.grantScopes(clientId, scopes),
			registerServiceApp: (opts) => auth.registerServiceApp(opts),
			expireAccessTokens: () => {
				for (const grant of auth.accessTokens.values()) grant.expiresAt = 0;
			},
		},
		state,
		requestLog,
		faults,
		rateLimiter: limiter,
		setRateLimits: (limits, windowMs) => {
			limiter.limits = limits;
			if (windowMs) limiter.windowMs = windowMs;
			limiter.reset();
		},
		events: { forceDuplicateDelivery: (on) => delivery.forceDuplicateDelivery(on), flush: async () => await delivery.flush(), attempts: delivery.attempts },
		reset: (seed = options.seed ?? 'empty') => {
			for (const map of Object.values(state)) (map as Map<string, unknown>).clear();
			seedState(state, seed);
			requestLog.length = 0;
			faults.clear();
			limiter.reset();
		},
		close: async () => {
			delivery.close();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
	return sandbox;
}

export type { SandboxState } from './context';
