import type { IDataObject } from 'n8n-workflow';

/**
 * What the System Log trigger keeps in the node's static data (`getWorkflowStaticData('node')`), which n8n
 * persists for polling triggers: the polling `next` link to resume from, the query it belongs to, and the uuids
 * emitted recently, so an event returned twice (a restart point, a repeated page) is emitted once.
 */
export interface SystemLogCursor {
	/** Okta's rel="next" link of the last page read: where the next poll resumes. */
	next?: string;
	/** The filter and keywords `next` was made for; a change starts a new query. */
	query?: string;
	/** `published` of the newest event emitted: the restart point when Okta refuses `next`. */
	lastPublished?: string;
	/** uuid -> `published` (epoch ms) of recently emitted events. */
	seen: Record<string, number>;
	/** The last time Okta refused the cursor and the trigger restarted, and why. */
	lastRestart?: { at: string; reason: string; since: string };
}

const STATE_KEY = 'systemLog';
/** How long an emitted uuid is remembered, measured back from the newest emitted event's `published`. */
export const SEEN_WINDOW_MS = 24 * 3600 * 1000;
/** At most this many uuids are remembered (the newest), so static data stays small. */
export const MAX_SEEN = 5000;

/**
 * A working copy of the trigger's state in the node's static data. A poll changes only the copy and writes it
 * back with `commitCursor` once it has succeeded: n8n keeps static data in memory between polls (and saves it
 * with the next emit), so a poll that fails half-way must not leave a cursor past events it never emitted.
 */
export function readCursor(staticData: IDataObject): SystemLogCursor {
	const stored = staticData[STATE_KEY];
	const cursor = (stored && typeof stored === 'object' ? JSON.parse(JSON.stringify(stored)) : {}) as SystemLogCursor;
	if (!cursor.seen || typeof cursor.seen !== 'object') cursor.seen = {};
	return cursor;
}

/**
 * Writes a successful poll's cursor into the node's static data object, as a new value of its top-level key. n8n
 * saves static data only when its ObservableObject saw a change, and it observes objects that were there when the
 * workflow was loaded, not ones assigned since: changing such an object in place went unsaved in real n8n 2.41 (an
 * n8n restart then replayed events; test/e2e/systemLogTrigger.e2e.test.ts), assigning the key is always seen.
 */
export function commitCursor(staticData: IDataObject, cursor: SystemLogCursor): void {
	staticData[STATE_KEY] = JSON.parse(JSON.stringify(cursor)) as IDataObject;
}

export function publishedMs(event: IDataObject): number {
	const value = Date.parse(String(event.published ?? ''));
	return Number.isNaN(value) ? 0 : value;
}

/** Records emitted events and forgets uuids older than the window, keeping at most MAX_SEEN. */
export function remember(cursor: SystemLogCursor, events: IDataObject[]): void {
	for (const event of events) {
		cursor.seen[String(event.uuid)] = publishedMs(event);
		if (!cursor.lastPublished || publishedMs(event) > Date.parse(cursor.lastPublished)) cursor.lastPublished = String(event.published);
	}
	const newest = cursor.lastPublished ? Date.parse(cursor.lastPublished) : 0;
	const kept = Object.entries(cursor.seen)
		.filter(([, published]) => published >= newest - SEEN_WINDOW_MS)
		.sort((a, b) => b[1] - a[1])
		.slice(0, MAX_SEEN);
	if (kept.length === Object.keys(cursor.seen).length) return;
	for (const uuid of Object.keys(cursor.seen)) delete cursor.seen[uuid];
	for (const [uuid, published] of kept) cursor.seen[uuid] = published;
}
