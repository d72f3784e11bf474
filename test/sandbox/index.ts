import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Authenticator } from './auth';
import { emptyState, type SandboxEvent, type SandboxState, type SearchIndex } from './context';
import { createEventDelivery } from './delivery';
import { Faults, type FaultSpec } from './faults';
import { OrgAuthorizationServer } from './oauth';
import { RateLimiter, type RateLimits } from './rateLimit';
import { createSystemLog } from './routes/logs';
import { seedState, type Seed } from './seed';
import { createApp, createContext, type RequestLogEntry } from './server';

/**
 * The Okta sandbox: a stateful stand-in for an Okta org, on 127.0.0.1. Every /api/v1 request is checked
 * against Okta's official OpenAPI spec (trimmed copy in ./spec), and so is every response unless
 * `validateResponses` is false. See README.md in this folder for what is and is not modelled.
 */

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	seed?: Seed;
	apiToken?: string;
	/** Added to every request, like a slow network. */
	latencyMs?: number;
	/** Requests per window and family; missing families get 10,000; false turns rate limits off. */
	rateLimits?: RateLimits;
	rateLimitWindowMs?: number;
	/** Requests in flight at once before 429 (Okta's org-wide concurrency limit); default 75. */
	concurrencyLimit?: number;
	accessTokenTtlSeconds?: number;
	/** Response validation against the spec (default true): findings land in requestLog[].responseValidation. */
	validateResponses?: boolean;
	/**
	 * Query strictness (default true): unknown and empty query parameters get 400, so the package's own tests
	 * catch a stray parameter. false treats them as absent, as Okta does, for clients this package does not
	 * control (n8n's built-in Okta node in the benchmark sends `search=&prefix=`).
	 */
	strictQuery?: boolean;
	/** Search lag: users created less than this many ms ago are missing from `search` results (default 0). */
	searchLagMs?: number;
	/** How long the sandbox gathers events into one delivery (default 50 ms). */
	deliveryBatchMs?: number;
	/** How long a hook has to answer a delivery or the verification GET before it counts as failed (Okta: 3 s). */
	deliveryTimeoutMs?: number;
}

export interface Sandbox {
	baseUrl: string;
	apiToken: string;
	oauth: {
		webApp: { clientId: string; clientSecret: string };
		/** A service app (client_credentials + private_key_jwt) with a 2048-bit RSA key; publicJwk is its registered key. */
		serviceApp: { clientId: string; privateKeyPem: string; keyId: string; publicJwk: JsonWebKey };
		grantScopes(clientId: string, scopes: string[]): void;
		registerServiceApp(opts: { publicKeyPem: string; keyId?: string; scopes: string[]; requireDpop?: boolean }): { clientId: string };
		/** Okta's "Require DPoP" setting of a service app (off for `serviceApp` unless set here). */
		setRequireDpop(clientId: string, on: boolean): void;
		/** Whether API calls with a DPoP token must also carry the current nonce (Okta's token endpoint always asks for one). */
		requireResourceNonce(on: boolean): void;
		/** Hands out new nonces (token endpoint and API); proofs with the ones before still pass, older ones get use_dpop_nonce. */
		rotateDpopNonce(): string;
		/** Ends every access token now, so the next call gets a 401 (forces a refresh). */
		expireAccessTokens(): void;
	};
	/**
	 * The org, live (read it, or change it to set up a test):
	 * - users: Map<userId, SandboxUser> ({id, status, created, activated, statusChanged, lastLogin, lastUpdated,
	 *   passwordChanged, type: {id}, realmId?, profile, credentials?, password? (never served), sessions, blocks});
	 * - groups: Map<groupId, SandboxGroup> ({id, type: OKTA_GROUP | APP_GROUP | BUILT_IN, profile: {name, description}, …});
	 * - memberships: Map<groupId, Set<userId>> (insertion order is the member-list order);
	 * - devices: Map<deviceId, SandboxDevice> ({id, status, profile, resource*, userIds: the enrolled users});
	 * - realms: Map<realmId, SandboxRealm>; userTypes: Map<typeId, SandboxUserType> (the default one has default: true);
	 * - eventHooks: Map<hookId, SandboxEventHook> (channel.config.authScheme.value is kept: tests may read it).
	 * The shapes are in context.ts.
	 */
	state: SandboxState;
	/** One entry per request to /api/v1 and /oauth2/v1, oldest first; credentials are masked. */
	requestLog: RequestLogEntry[];
	faults: { set(route: string | RegExp, spec: FaultSpec): void; clear(): void };
	/** Search's eventual consistency, changeable at any time: for lagMs, new users are missing from `search` and deleted ones still found. */
	search: SearchIndex;
	rateLimits: RateLimits;
	setRateLimits(limits: RateLimits, windowMs?: number): void;
	rateLimiter: RateLimiter;
	events: { forceDuplicateDelivery(on: boolean): void; flush(): Promise<void>; attempts: ReturnType<typeof createEventDelivery>['attempts'] };
	/**
	 * The System Log (state.logEvents holds it): `emit` records an event as if an admin's API call caused it (and
	 * delivers it to subscribed hooks); `expireAll` drops every stored event, as retention would, so older cursors are
	 * refused; `repeat` persists an event again under the same uuid (a repeat a poller must drop); `refuseCursors` refuses
	 * every `after` cursor while on.
	 */
	systemLog: { emit(event: SandboxEvent): void; expireAll(): void; repeat(uuid: string): boolean; refuseCursors(on: boolean): void };
	/** Back to a fresh org with the given seed (default: the seed it started with); clears log, faults and limit counters. */
	reset(seed?: Seed): void;
	close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	let baseUrl = '';
	const state = emptyState();
	seedState(state, options.seed ?? 'empty');
	const requestLog: RequestLogEntry[] = [];
	const faults = new Faults();
	const limiter = new RateLimiter(options.rateLimits ?? {}, options.rateLimitWindowMs ?? 60_000, options.concurrencyLimit ?? 75);
	const signedInUser = () => [...state.users.values()].find((user) => user.status === 'ACTIVE');
	const oauth = new OrgAuthorizationServer(() => baseUrl, options.accessTokenTtlSeconds ?? 3600, signedInUser);
	const authenticator = new Authenticator(oauth, () => baseUrl);
	const apiToken = options.apiToken ?? `00${randomBytes(30).toString('base64url').slice(0, 40)}`;
	authenticator.apiTokens.add(apiToken);
	const webApp = oauth.addWebApp();
	const keyId = `kid-${randomBytes(4).toString('hex')}`;
	const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const serviceApp = {
		...oauth.registerServiceApp({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId }),
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		keyId,
		publicJwk: { ...publicKey.export({ format: 'jwk' }), kid: keyId, alg: 'RS256', use: 'sig' },
	};
	const systemLog = createSystemLog(state);
	const delivery = createEventDelivery({ state, source: () => baseUrl, batchWindowMs: options.deliveryBatchMs ?? 50, timeoutMs: options.deliveryTimeoutMs ?? 3000, systemLog });
	const ctx = createContext(state, () => baseUrl, delivery);
	const search: SearchIndex = { lagMs: options.searchLagMs ?? 0, deleted: [] };
	ctx.search = search;

	const expireAccessTokens = () => {
		for (const grant of oauth.accessTokens.values()) grant.expiresAt = 0;
	};
	const setRateLimits = (limits: RateLimits, windowMs?: number) => {
		limiter.setLimits(limits, windowMs);
	};
	const reset = (seed: Seed = options.seed ?? 'empty') => {
		for (const map of Object.values(state)) (map as Map<string, unknown>).clear();
		seedState(state, seed);
		requestLog.length = 0;
		search.deleted.length = 0;
		faults.clear();
		limiter.reset();
	};

	const app = createApp({
		state,
		ctx,
		authenticator,
		oauth,
		limiter,
		faults,
		delivery,
		systemLog,
		requestLog,
		latencyMs: () => options.latencyMs ?? 0,
		validateResponses: options.validateResponses !== false,
		strictQuery: options.strictQuery !== false,
		control: { reset, setRateLimits, expireAccessTokens },
	});

	const server: Server = await new Promise((resolve, reject) => {
		const listening = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(listening));
		listening.on('error', reject);
	});
	// Longer than clients keep idle connections, so a reused connection is never closed under a request.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		baseUrl,
		apiToken,
		oauth: {
			webApp,
			serviceApp,
			grantScopes: (clientId, scopes) => oauth.grantScopes(clientId, scopes),
			registerServiceApp: (opts) => oauth.registerServiceApp(opts),
			setRequireDpop: (clientId, on) => oauth.setRequireDpop(clientId, on),
			requireResourceNonce: (on) => {
				oauth.requireResourceNonce = on;
			},
			rotateDpopNonce: () => {
				oauth.resourceNonces.rotate();
				return oauth.dpopNonces.rotate();
			},
			expireAccessTokens,
		},
		state,
		requestLog,
		faults,
		search,
		get rateLimits() {
			return limiter.limits;
		},
		rateLimiter: limiter,
		setRateLimits,
		events: { forceDuplicateDelivery: (on) => delivery.forceDuplicateDelivery(on), flush: async () => await delivery.flush(), attempts: delivery.attempts },
		systemLog: { emit: (event) => ctx.emit(event), expireAll: () => systemLog.expireAll(), repeat: (uuid) => systemLog.repeat(uuid), refuseCursors: (on) => systemLog.refuseCursors(on) },
		reset,
		close: async () => {
			delivery.close();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

export type { SandboxState } from './context';
export type { RequestLogEntry } from './server';
export type { Seed } from './seed';
export type { FaultSpec } from './faults';
export type { RateLimits } from './rateLimit';
