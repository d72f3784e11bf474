import { createHash, timingSafeEqual } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps between requests, in the node's static data (`getWorkflowStaticData('node')`).
 * n8n stores it with the workflow in the database, so every process (main, webhook, worker) sees the same
 * hooks, which is what makes queue mode work. Seen event uuids live in memory instead (claimEventsInProcess).
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

export interface TriggerStaticData extends IDataObject {
	hooks?: HookRecord[];
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
	// Earlier versions kept seen event uuids here; n8n did not reliably save them (see claimEventsInProcess).
	delete data.seenEvents;
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

/**
 * De-duplication lives in this process's memory, per hook id: Okta sends an event to every hook subscribed to
 * it with the same uuid, so the production and the test hook must each see it once.
 *
 * Not in static data, because n8n 2.41 does not keep what a delivery that starts the workflow writes there:
 * WebhookHelpers.executeWebhook starts the run (WorkflowRunner builds a new Workflow over the same static
 * data object, which resets its __dataChanged flag) before live-webhooks saves static data, so the save
 * finds nothing changed. test/e2e/trigger.e2e.test.ts shows it: after a delivery, n8n's database holds no
 * uuid, and the same delivery replayed after a restart starts the workflow again. Memory also closes the gap
 * between two copies arriving together, which static data read per request never could. Across restarts and
 * several webhook processes the workflow itself must de-duplicate (README: Queue mode).
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
