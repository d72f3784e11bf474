import type { Request, Response, Router } from 'express';

import { validationFailed, type Json, type SandboxContext, type SandboxState, type StoredLogEvent } from '../context';
import { ExpressionError, parseExpression } from '../expression';

/**
 * The System Log, `GET /api/v1/logs`, backed by the very LogEvents the sandbox delivers to event hooks (same
 * uuid). Okta's two query kinds (spec: `since`/`until` descriptions; OKTA-NOTES.md, System Log):
 *
 * - **Polling query**: `since` without `until`, ascending. Events are taken in persistence order; the response
 *   always has a `rel="next"` link, even when it is empty, whose `after` cursor is where the next poll resumes.
 * - **Bounded query**: `until` given (or DESCENDING order): events whose `published` lies in [since, until),
 *   sorted by `published`; `next` only while more events remain.
 *
 * `filter` is SCIM (`eventType`, `actor.id`, `target.id`, `outcome.result`, … with eq/ne/sw/co, and/or/not);
 * `q` matches every keyword (case-insensitively) somewhere in the event. Cursors are `<persistedAt ms>_<seq>`, as
 * Okta's look. A cursor that is malformed, or points before the oldest event the log still holds (retention),
 * is refused with 400 E0000001, which is what a client sees when its stored cursor went stale.
 */

export interface SystemLogWriter {
	append(event: Json): void;
}

export interface SystemLog extends SystemLogWriter {
	/** Drops every stored event, as if the retention window had passed them: older cursors become invalid. */
	expireAll(): void;
	/**
	 * Persists a stored event once more (same uuid, new position): the repeat a poller meets when Okta returns an
	 * event again at a page or query boundary. Okta promises no more than at-least-once, so clients de-duplicate on uuid.
	 */
	repeat(uuid: string): boolean;
	/** While on, every request with an `after` cursor is refused (400), as a stale cursor is: for testing what a client does then. */
	refuseCursors(on: boolean): void;
	readonly refusingCursors: boolean;
	/** The lowest `seq` a cursor may still name. */
	floor(): number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const DEFAULT_SINCE_MS = 7 * 24 * 3600 * 1000;
const MAX_KEYWORDS = 10;
const MAX_KEYWORD_LENGTH = 40;
const CURSOR = /^(\d+)_(\d+)$/;

export function createSystemLog(state: SandboxState): SystemLog {
	let seq = 0;
	let floor = 1;
	let refusing = false;
	return {
		refuseCursors(on) {
			refusing = on;
		},
		get refusingCursors() {
			return refusing;
		},
		append(event) {
			seq++;
			const stored: StoredLogEvent = { seq, persistedAt: Date.parse(String(event.published)) || Date.now(), event };
			state.logEvents.set(String(seq), stored);
		},
		repeat(uuid) {
			const original = [...state.logEvents.values()].find((stored) => stored.event.uuid === uuid);
			if (!original) return false;
			seq++;
			state.logEvents.set(String(seq), { seq, persistedAt: Date.now(), event: original.event });
			return true;
		},
		expireAll() {
			state.logEvents.clear();
			floor = seq + 1;
		},
		floor: () => floor,
	};
}

const cursorOf = (stored: Pick<StoredLogEvent, 'persistedAt' | 'seq'>) => `${stored.persistedAt}_${stored.seq}`;

/** What a SCIM filter sees: `target.id` and `target.type` are lists, so `target.id eq "x"` matches any target. */
function filterSubject(event: Json): Json {
	const targets = Array.isArray(event.target) ? (event.target as Json[]) : [];
	return { ...event, target: { id: targets.map((target) => target.id), type: targets.map((target) => target.type), alternateId: targets.map((target) => target.alternateId) } };
}

function timeParameter(params: URLSearchParams, name: string): number | undefined | 'invalid' {
	const raw = params.get(name);
	if (raw === null) return undefined;
	const parsed = Date.parse(String(raw));
	return Number.isNaN(parsed) ? 'invalid' : parsed;
}

export function register(router: Router, ctx: SandboxContext, log: SystemLog): void {
	router.get('/api/v1/logs', (req: Request, res: Response) => {
		// The raw query: the validator fills in the spec's defaults, and `since`/`until` have prose ones ("current time").
		const params = new URL(req.originalUrl, 'http://sandbox').searchParams;
		const since = timeParameter(params, 'since');
		const until = timeParameter(params, 'until');
		if (since === 'invalid') return validationFailed(res, 'since', ['since: The date format is invalid. It must be ISO 8601 compliant.']);
		if (until === 'invalid') return validationFailed(res, 'until', ['until: The date format is invalid. It must be ISO 8601 compliant.']);
		const sortOrder = params.get('sortOrder') === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING';
		const requested = params.get('limit') === null ? DEFAULT_LIMIT : Number(params.get('limit'));
		if (!Number.isInteger(requested) || requested < 0 || requested > MAX_LIMIT) {
			return validationFailed(res, 'limit', [`limit: must be an integer between 0 and ${MAX_LIMIT}`]);
		}
		const q = (params.get('q') ?? '').trim();
		const keywords = q ? q.split(/\s+/) : [];
		if (keywords.length > MAX_KEYWORDS || keywords.some((word) => word.length > MAX_KEYWORD_LENGTH)) {
			return validationFailed(res, 'q', [`q: at most ${MAX_KEYWORDS} keywords of at most ${MAX_KEYWORD_LENGTH} characters`]);
		}
		let after: { persistedAt: number; seq: number } | undefined;
		const afterParameter = params.get('after');
		if (afterParameter !== null) {
			const match = CURSOR.exec(afterParameter);
			if (!match) return validationFailed(res, 'after', ['after: The cursor is not valid.']);
			after = { persistedAt: Number(match[1]), seq: Number(match[2]) };
			if (log.refusingCursors) return validationFailed(res, 'after', ['after: The cursor is not valid.']);
			if (after.seq + 1 < log.floor()) return validationFailed(res, 'after', ['after: The cursor is outside the retention window of the System Log.']);
		}
		const filter = params.get('filter') ?? '';
		let matches: (event: Json) => boolean = () => true;
		if (filter) {
			try {
				const { predicate } = parseExpression(filter);
				matches = (event) => predicate(filterSubject(event));
			} catch (error) {
				if (error instanceof ExpressionError) return validationFailed(res, 'filter', [`filter: ${error.message}`]);
				throw error;
			}
		}
		const lowered = keywords.map((word) => word.toLowerCase());
		const hasKeywords = (event: Json) => {
			if (lowered.length === 0) return true;
			const text = JSON.stringify(event).toLowerCase();
			return lowered.every((word) => text.includes(word));
		};

		const polling = until === undefined && sortOrder === 'ASCENDING';
		const now = Date.now();
		const lower = since ?? (until ?? now) - DEFAULT_SINCE_MS;
		const all = [...ctx.state.logEvents.values()];
		let candidates: StoredLogEvent[];
		if (polling) {
			// Persistence order; the cursor, when there is one, replaces `since`.
			candidates = all.filter((stored) => (after ? stored.seq > after.seq : stored.persistedAt >= lower));
		} else {
			const upper = until ?? now;
			const published = (stored: StoredLogEvent) => Date.parse(String(stored.event.published));
			candidates = all
				.filter((stored) => published(stored) >= lower && published(stored) < upper)
				.sort((a, b) => published(a) - published(b) || a.seq - b.seq);
			if (sortOrder === 'DESCENDING') candidates.reverse();
			if (after) {
				const index = candidates.findIndex((stored) => stored.seq === after.seq);
				candidates = index >= 0 ? candidates.slice(index + 1) : [];
			}
		}
		const page: StoredLogEvent[] = [];
		let lastScanned: StoredLogEvent | undefined;
		for (const stored of candidates) {
			if (page.length >= requested) break;
			lastScanned = stored;
			if (matches(stored.event) && hasKeywords(stored.event)) page.push(stored);
		}
		const url = new URL(req.originalUrl, `http://${req.headers.host}`);
		const links = [`<${url.toString()}>; rel="self"`];
		const more = candidates.length > 0 && lastScanned !== candidates[candidates.length - 1];
		if (polling) {
			// Always a next link: after the last event looked at, or where this query already stood.
			const position = lastScanned ?? after ?? positionBefore(all, lower, log.floor());
			url.searchParams.set('after', cursorOf(position));
			url.searchParams.set('limit', String(requested));
			links.push(`<${url.toString()}>; rel="next"`);
		} else if (more && lastScanned) {
			url.searchParams.set('after', cursorOf(lastScanned));
			url.searchParams.set('limit', String(requested));
			links.push(`<${url.toString()}>; rel="next"`);
		}
		res.setHeader('Link', links);
		res.json(page.map((stored) => specShaped(stored.event)));
	});
}

/**
 * The LogEvent without its null members. Okta sends `null` for empty parts (as the sandbox's hook deliveries
 * do), but the spec's LogEvent schema types them as objects and strings without `nullable`, and every sandbox
 * response must pass the spec; leaving them out is what the schema allows. The uuid and every value are the same.
 */
function specShaped(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(specShaped);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(Object.entries(value as Json).filter(([, child]) => child !== null).map(([key, child]) => [key, specShaped(child)]));
}

/** A polling query's position before any event persisted at or after `since`: the last event before it, or the log's floor. */
function positionBefore(all: StoredLogEvent[], since: number, floor: number): { persistedAt: number; seq: number } {
	let position = { persistedAt: since, seq: floor - 1 };
	for (const stored of all) {
		if (stored.persistedAt >= since) break;
		position = stored;
	}
	return position;
}
