import { randomBytes } from 'node:crypto';
import type { Request, Response, Router } from 'express';

/**
 * The shared base of the Okta sandbox: state shapes, id generation, Okta's error body, cursor pagination
 * and the hooks every route module gets. Route modules export `register(router, ctx)`.
 */

export type UserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';
export type Json = Record<string, unknown>;

export interface SandboxUser {
	id: string;
	status: UserStatus;
	created: string;
	activated: string | null;
	statusChanged: string | null;
	lastLogin: string | null;
	lastUpdated: string;
	passwordChanged: string | null;
	type: { id: string };
	realmId?: string;
	profile: Json;
	credentials?: Json;
	/** Not in Okta's payload: sandbox bookkeeping. */
	password?: string;
	sessions: number;
	blocks: Json[];
}

export interface SandboxGroup {
	id: string;
	created: string;
	lastUpdated: string;
	lastMembershipUpdated: string;
	objectClass: string[];
	type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
	profile: Json;
}

export interface SandboxDevice {
	id: string;
	status: 'ACTIVE' | 'SUSPENDED' | 'DEACTIVATED' | 'CREATED';
	created: string;
	lastUpdated: string;
	profile: Json;
	resourceId: string;
	resourceDisplayName: { value: string; sensitive: boolean };
	resourceType: 'UDDevice';
	resourceAlternateId: string;
	/** User ids the device is enrolled for. */
	userIds: string[];
}

export interface SandboxRealm {
	id: string;
	created: string;
	lastUpdated: string;
	isDefault: boolean;
	profile: Json;
}

export interface SandboxUserType {
	id: string;
	name: string;
	displayName: string;
	description: string;
	default: boolean;
	created: string;
	lastUpdated: string;
	createdBy: string;
	lastUpdatedBy: string;
}

export interface SandboxEventHook {
	id: string;
	name: string;
	status: 'ACTIVE' | 'INACTIVE';
	verificationStatus: 'VERIFIED' | 'UNVERIFIED';
	created: string;
	lastUpdated: string;
	createdBy: string;
	description?: string | null;
	events: { type: 'EVENT_TYPE'; items: string[]; filter?: Json | null };
	channel: {
		type: 'HTTP';
		version: string;
		config: { uri: string; headers?: Array<{ key: string; value: string }>; authScheme?: { type: 'HEADER'; key: string; value: string } | null };
	};
}

/** An app instance (issue 18). Assignments live in `appUsers` / `appGroups`; group-inherited users are derived. */
export interface SandboxApp {
	id: string;
	name: string;
	label: string;
	status: 'ACTIVE' | 'INACTIVE';
	signOnMode: 'BOOKMARK' | 'SAML_2_0' | 'OPENID_CONNECT';
	created: string;
	lastUpdated: string;
	settings: Json;
	credentials?: Json;
}

/** A direct (scope USER) assignment of a user to an app. */
export interface SandboxAppUser {
	/** Okta's app assignment id (appLinks' appAssignmentId). */
	assignmentId: string;
	created: string;
	lastUpdated: string;
	statusChanged: string;
	credentials?: Json;
	profile: Json;
}

export interface SandboxAppGroup {
	priority: number;
	profile: Json;
	lastUpdated: string;
}

export interface SandboxState {
	users: Map<string, SandboxUser>;
	groups: Map<string, SandboxGroup>;
	/** groupId -> member user ids, in insertion order. */
	memberships: Map<string, Set<string>>;
	devices: Map<string, SandboxDevice>;
	realms: Map<string, SandboxRealm>;
	userTypes: Map<string, SandboxUserType>;
	eventHooks: Map<string, SandboxEventHook>;
	apps: Map<string, SandboxApp>;
	/** appId -> userId -> direct assignment. */
	appUsers: Map<string, Map<string, SandboxAppUser>>;
	/** appId -> groupId -> group assignment; its members get the app with scope GROUP. */
	appGroups: Map<string, Map<string, SandboxAppGroup>>;
	/** The System Log: seq -> stored LogEvent, in persistence order (the order polling queries follow). */
	logEvents: Map<string, StoredLogEvent>;
}

/** A LogEvent as the System Log keeps it: `seq` orders persistence, `persistedAt` is what polling queries filter on. */
export interface StoredLogEvent {
	seq: number;
	persistedAt: number;
	event: Json;
}

export function emptyState(): SandboxState {
	return {
		users: new Map(),
		groups: new Map(),
		memberships: new Map(),
		devices: new Map(),
		realms: new Map(),
		userTypes: new Map(),
		eventHooks: new Map(),
		apps: new Map(),
		appUsers: new Map(),
		appGroups: new Map(),
		logEvents: new Map(),
	};
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Okta-shaped ids: a 3-character type prefix and 17 random characters (20 in all). */
export function newId(prefix: '00u' | '00g' | 'guo' | 'oty' | 'who' | 'jkr' | 'sid' | '0oa' | 'ret' | '0ua'): string {
	const bytes = randomBytes(17);
	let id = prefix;
	for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
	return id;
}

export const now = (): string => new Date().toISOString();

/** Who made a change and through which request: the LogEvent's actor, client, transaction and debugContext. */
export interface EventOrigin {
	actor: { id: string; type: string; alternateId: string; displayName: string };
	ipAddress: string;
	userAgent: string;
	/** Okta's request id: every event one API call causes shares it as `transaction.id`. */
	requestId: string;
	requestUri: string;
}

/** A LogEvent-shaped change, delivered to subscribed event hooks. */
export interface SandboxEvent {
	eventType: string;
	displayMessage: string;
	target: Array<{ id: string; type: string; alternateId?: string; displayName?: string }>;
	outcome?: { result: 'SUCCESS' | 'FAILURE'; reason?: string | null };
	origin?: EventOrigin;
}

export interface SearchIndex {
	lagMs: number;
	deleted: Array<{ user: SandboxUser; deletedAt: number }>;
}

export interface SandboxContext {
	state: SandboxState;
	baseUrl(): string;
	/** Search's eventual consistency: for `lagMs`, new users are not yet found by `search` and deleted ones still are. */
	search?: SearchIndex;
	/** Queues an event for every verified, active hook subscribed to its type; `req` names the actor and request. */
	emit(event: SandboxEvent, req?: Request): void;
}

export type RouteModule = { register(router: Router, ctx: SandboxContext): void };

/** Okta's error body. */
export function sendError(
	res: Response,
	status: number,
	errorCode: string,
	errorSummary: string,
	causes: string[] = [],
	extraHeaders: Record<string, string> = {},
): void {
	for (const [key, value] of Object.entries(extraHeaders)) res.setHeader(key, value);
	res.status(status).json({
		errorCode,
		errorSummary,
		errorLink: errorCode,
		errorId: `oae${randomBytes(11).toString('base64url').slice(0, 19)}`,
		errorCauses: causes.map((errorSummary) => ({ errorSummary })),
	});
}

export const notFound = (res: Response, what: string, id: string): void =>
	sendError(res, 404, 'E0000007', `Not found: Resource not found: ${id} (${what})`);

export const validationFailed = (res: Response, summary: string, causes: string[] = []): void =>
	sendError(res, 400, 'E0000001', `Api validation failed: ${summary}`, causes);

export const notAllowed = (res: Response, summary: string): void => sendError(res, 403, 'E0000038', summary);

/**
 * Okta's cursor pagination: `limit` (clamped to `maxLimit`), `after` = the id of the last item of the previous
 * page, and `self`/`next` as two separate Link headers. The self link repeats the current `after`.
 */
export function paginate<T extends { id: string }>(
	req: Request,
	res: Response,
	items: T[],
	options: { defaultLimit: number; maxLimit: number; pageable?: boolean },
): T[] {
	const requested = Number(req.query.limit ?? options.defaultLimit);
	const limit = Math.max(1, Math.min(Number.isFinite(requested) ? requested : options.defaultLimit, options.maxLimit));
	const after = typeof req.query.after === 'string' ? req.query.after : undefined;
	let start = 0;
	if (after) {
		const index = items.findIndex((item) => item.id === after);
		start = index >= 0 ? index + 1 : items.length;
	}
	const page = items.slice(start, start + limit);
	const url = new URL(req.originalUrl, `http://${req.headers.host}`);
	const links = [`<${url.toString()}>; rel="self"`];
	if (options.pageable !== false && start + limit < items.length && page.length > 0) {
		url.searchParams.set('after', page[page.length - 1].id);
		url.searchParams.set('limit', String(limit));
		links.push(`<${url.toString()}>; rel="next"`);
	}
	res.setHeader('Link', links);
	return page;
}

/** A boolean query flag, whether the validator already coerced it to a boolean or it is still text. */
export function queryFlag(req: Request, name: string, fallback: boolean): boolean {
	const value = req.query[name];
	if (value === undefined) return fallback;
	return String(value) === 'true';
}
