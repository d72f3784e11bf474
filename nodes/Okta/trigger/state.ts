import { createHash, timingSafeEqual } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps between requests, in the node's static data (`getWorkflowStaticData('node')`).
 * n8n stores it with the workflow in the database, so every process (main, webhook, worker) sees the same
 * hooks, which is what makes queue mode work. Only the de-duplication claims below also live in memory.
 *
 * The hook secret itself is never stored. Okta holds it (authScheme.value is write-only) and sends it in the
 * Authorization header; static data keeps its SHA-256, enough to check a delivery and useless to anyone
 * who reads the workflow's static data.
 */

/** One event hook this node registered in Okta. */
export interface HookRecord extends IDataObject {
	/** Okta's event hook id. */
	id: string;
	/** The webhook URL the hook delivers to (production and test URLs differ). */
	url: string;
	/** 'test' for a hook made while listening for a test event, 'production' for an active workflow. */
	kind: HookKind;
	/** SHA-256 (hex) of the Authorization value Okta sends. */
	secretSha256: string;
	/** The event types the hook subscribes to. */
	events: string[];
	/** Epoch ms. */
	createdAt: number;
}

export type HookKind = 'production' | 'test';

/** De-duplication window: [event uuid, epoch ms first seen], oldest first. */
export type SeenEvents = Array<[string, number]>;

export interface TriggerStaticData extends IDataObject {
	hooks?: HookRecord[];
	/**
	 * One window per hook id. Okta sends an event to every hook subscribed to it with the same uuid, so the
	 * production and the test hook each see it once. (Earlier versions kept one list; it is read as the
	 * production hook's window.)
	 */
	seenEvents?: Record<string, SeenEvents> | SeenEvents;
}

export const DEDUPE_MAX_ENTRIES = 1000;
export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Okta event uuids are 36 characters; anything much longer is not one and is not remembered. */
const MAX_UUID_LENGTH = 128;

export function sha256Hex(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function hooksOf(data: TriggerStaticData): HookRecord[] {
	return Array.isArray(data.hooks) ? data.hooks.filter((hook) => hook && typeof hook.id === 'string') : [];
}

/** Replaces the hook list as a whole, so n8n's observable static data notices the change. */
export function setHooks(data: TriggerStaticData, hooks: HookRecord[]): void {
	if (hooks.length) data.hooks = hooks.map((hook) => ({ ...hook, events: [...hook.events] }));
	else delete data.hooks;
	// A removed hook's window goes with it.
	const windows = windowsOf(data);
	const kept = Object.fromEntries(Object.entries(windows).filter(([hookId]) => hooks.some((hook) => hook.id === hookId)));
	if (Object.keys(kept).length) data.seenEvents = kept;
	else delete data.seenEvents;
}

/**
 * The hook whose secret `presented` is. Both sides are SHA-256 digests of equal length, compared with
 * timingSafeEqual and without early exit, so neither the secret's length nor its content nor which hook
 * matched leaks through timing.
 */
export function hookForSecret(data: TriggerStaticData, presented: string | undefined): HookRecord | undefined {
	if (typeof presented !== 'string' || presented === '') return undefined;
	const actual = createHash('sha256').update(presented, 'utf8').digest();
	let match: HookRecord | undefined;
	for (const hook of hooksOf(data)) {
		if (typeof hook.secretSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(hook.secretSha256)) continue;
		const expected = Buffer.from(hook.secretSha256, 'hex');
		if (timingSafeEqual(expected, actual)) match = hook;
	}
	return match;
}

export function isRememberableUuid(uuid: unknown): uuid is string {
	return typeof uuid === 'string' && uuid.length > 0 && uuid.length <= MAX_UUID_LENGTH;
}

function windowsOf(data: TriggerStaticData): Record<string, SeenEvents> {
	const stored = data.seenEvents;
	if (Array.isArray(stored)) {
		const production = hooksOf(data).find((hook) => hook.kind === 'production');
		return production ? { [production.id]: stored } : {};
	}
	return stored !== null && typeof stored === 'object' ? stored : {};
}

/**
 * Drops events whose uuid is in the hook's window and adds the new ones. The window keeps at most
 * DEDUPE_MAX_ENTRIES uuids, none older than DEDUPE_WINDOW_MS. Events without a usable uuid pass through.
 */
export function dedupeEvents<T extends IDataObject>(data: TriggerStaticData, hookId: string, events: T[], now: number): { fresh: T[]; duplicates: number } {
	const windows = windowsOf(data);
	const kept = (Array.isArray(windows[hookId]) ? windows[hookId] : []).filter(
		(entry): entry is [string, number] =>
			Array.isArray(entry) && isRememberableUuid(entry[0]) && typeof entry[1] === 'number' && now - entry[1] <= DEDUPE_WINDOW_MS && entry[1] <= now + DEDUPE_WINDOW_MS,
	);
	const seen = new Set(kept.map(([uuid]) => uuid));
	const fresh: T[] = [];
	let duplicates = 0;
	for (const event of events) {
		const uuid = event.uuid;
		if (!isRememberableUuid(uuid)) {
			fresh.push(event);
			continue;
		}
		if (seen.has(uuid)) {
			duplicates++;
			continue;
		}
		seen.add(uuid);
		kept.push([uuid, now]);
		fresh.push(event);
	}
	// Assigned as a whole, so n8n's observable static data marks itself changed and live-webhooks saves it.
	data.seenEvents = { ...windows, [hookId]: kept.slice(Math.max(0, kept.length - DEDUPE_MAX_ENTRIES)) };
	return { fresh, duplicates };
}

/**
 * Static data is read when a request arrives and written when its execution ends, so two copies of one
 * delivery arriving together (Okta retrying while the first is still running) would both pass the window
 * above. This process-wide claim, per trigger node, closes that gap within one n8n process; across several
 * webhook processes the static-data window is what remains (see the README's queue-mode section).
 */
const claimedInProcess = new Map<string, Map<string, number>>();

export function claimEventsInProcess<T extends IDataObject>(hookId: string, events: T[], now: number): { fresh: T[]; duplicates: number } {
	let claimed = claimedInProcess.get(hookId);
	if (!claimed) {
		claimed = new Map();
		claimedInProcess.set(hookId, claimed);
	}
	for (const [uuid, at] of claimed) {
		if (now - at <= DEDUPE_WINDOW_MS && claimed.size <= DEDUPE_MAX_ENTRIES) break;
		claimed.delete(uuid);
	}
	const fresh: T[] = [];
	let duplicates = 0;
	for (const event of events) {
		if (!isRememberableUuid(event.uuid)) {
			fresh.push(event);
		} else if (claimed.has(event.uuid)) {
			duplicates++;
		} else {
			claimed.set(event.uuid, now);
			fresh.push(event);
		}
	}
	return { fresh, duplicates };
}

/** Forgets every in-process claim (tests start each case from a clean slate). */
export function forgetInProcessClaims(): void {
	claimedInProcess.clear();
}
