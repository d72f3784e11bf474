import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeOktaFailure, headerValue, type HttpFailure } from '../shared/errors';
import { getOktaBaseUrl, lastRateLimit, oktaApiRequestFull, parseLinkHeader, type OktaResponse } from '../transport';
import { commitCursor, readCursor, remember, type SystemLogCursor } from './cursor';
import { buildLogQuery, logQueryParameters, type LogQuery } from './query';
import { simplifyLogEvent } from './simplify';

/** The largest page the System Log allows (the spec's `limit`: "Integer between 0 and 1000"). */
export const LOG_PAGE_SIZE = 1000;
export const DEFAULT_MAX_EVENTS_PER_POLL = 10_000;
/** How many recent events "Fetch Test Event" shows. */
export const SAMPLE_SIZE = 10;
/**
 * Okta keeps System Log events for 90 days (Okta's System Log API reference), so a restart point older than that
 * is moved to the oldest time Okta still answers for, with an hour's margin.
 */
export const RETENTION_MS = 90 * 24 * 3600 * 1000;
const RETENTION_MARGIN_MS = 3600 * 1000;
/**
 * Draining a backlog stops (until the next poll) while the logs bucket has no more than this share of its
 * window left, so a backlog never takes the whole small `/api/v1/logs` budget from other workflows.
 */
const RATE_LIMIT_RESERVE = 0.2;
/** Share of n8n's poll budget that draining may use; the rest covers the last page and the emit. */
const BUDGET_SHARE = 0.6;

export interface SystemLogSettings {
	query: LogQuery;
	startFrom: 'now' | 'lookback';
	lookbackHours: number;
	maxEventsPerPoll: number;
	simplify: boolean;
}

export function readSettings(ctx: IPollFunctions): SystemLogSettings {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const built = buildLogQuery({
		eventTypes: ctx.getNodeParameter('eventTypes', []),
		customEventTypes: ctx.getNodeParameter('customEventTypes', ''),
		filter: options.filter,
		q: options.q,
	});
	if (!('query' in built)) throw new NodeOperationError(ctx.getNode(), `${built.field}: ${built.problem}`);
	const query = built.query;
	const lookbackHours = Number(ctx.getNodeParameter('lookbackHours', 24));
	const startFrom = ctx.getNodeParameter('startFrom', 'now') === 'lookback' ? 'lookback' : 'now';
	if (startFrom === 'lookback' && !(lookbackHours > 0 && lookbackHours <= 90 * 24)) {
		throw new NodeOperationError(ctx.getNode(), `Look Back (Hours): ${String(lookbackHours)} is not between 1 and 2160 (Okta keeps 90 days)`);
	}
	const maxEvents = Math.floor(Number(options.maxEventsPerPoll ?? DEFAULT_MAX_EVENTS_PER_POLL));
	return {
		query,
		startFrom,
		lookbackHours,
		maxEventsPerPoll: maxEvents > 0 ? maxEvents : DEFAULT_MAX_EVENTS_PER_POLL,
		simplify: options.simplify === true,
	};
}

function failureOf(response: OktaResponse): HttpFailure {
	return { status: response.statusCode, body: response.body, headers: response.headers as HttpFailure['headers'] };
}

/** 401/403 on the System Log: almost always the missing scope or role, so say which. */
function accessError(ctx: IPollFunctions, response: OktaResponse): NodeOperationError {
	const { message } = describeOktaFailure(failureOf(response));
	return new NodeOperationError(ctx.getNode(), `Okta refused to read the System Log: ${message}`, {
		description:
			'The credential needs the okta.logs.read scope (granted on the Okta app\'s Okta API Scopes tab and, for OAuth2, requested by the credential; reconnect after adding it) and an admin role that may read the System Log, such as Read-Only Administrator. A 401 can also mean the API token was revoked.',
	});
}

async function getLogs(ctx: IPollFunctions, url: string, qs?: IDataObject): Promise<OktaResponse> {
	return await oktaApiRequestFull.call(ctx, 'GET', url, { qs, acceptStatuses: [400, 401, 403] });
}

/** "Fetch Test Event": the most recent matching events (a bounded, newest-first query); the cursor is not touched. */
async function sample(ctx: IPollFunctions, settings: SystemLogSettings): Promise<IDataObject[]> {
	const now = Date.now();
	const response = await getLogs(ctx, '/api/v1/logs', {
		...logQueryParameters(settings.query),
		since: new Date(now - 7 * 24 * 3600 * 1000).toISOString(),
		until: new Date(now).toISOString(),
		sortOrder: 'DESCENDING',
		limit: SAMPLE_SIZE,
	});
	if (response.statusCode === 401 || response.statusCode === 403) throw accessError(ctx, response);
	if (response.statusCode === 400) throw queryError(ctx, response);
	return Array.isArray(response.body) ? (response.body as IDataObject[]) : [];
}

function queryError(ctx: IPollFunctions, response: OktaResponse): NodeOperationError {
	const { message } = describeOktaFailure(failureOf(response));
	return new NodeOperationError(ctx.getNode(), `Okta refused the System Log query: ${message}`, {
		description: 'Check Event Types, Custom Event Types, Filter and Keywords (Q)',
	});
}

function startPoint(settings: SystemLogSettings, now: number): string {
	return new Date(settings.startFrom === 'lookback' ? now - settings.lookbackHours * 3600 * 1000 : now).toISOString();
}

/**
 * Where a query starts again when Okta refuses the stored cursor or the query changed: at the `published` time of
 * the newest event already emitted (events from then on that were emitted already are dropped by uuid), no
 * earlier than Okta's retention allows; with nothing emitted yet, now.
 */
export function restartPoint(cursor: SystemLogCursor, now: number): string {
	const last = cursor.lastPublished ? Date.parse(cursor.lastPublished) : Number.NaN;
	if (Number.isNaN(last)) return new Date(now).toISOString();
	return new Date(Math.max(last, now - RETENTION_MS + RETENTION_MARGIN_MS)).toISOString();
}

function pollBudgetMs(ctx: IPollFunctions): number | undefined {
	// n8n 1.x's poll functions have no getPollBudgetMs: without it, the event cap alone bounds a poll.
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
	return typeof budget === 'number' && budget > 0 ? budget : undefined;
}

/** Whether the logs bucket is down to its reserve in a window that has not reset yet. */
function nearRateLimit(baseUrl: string, now: number): boolean {
	const snapshot = lastRateLimit(baseUrl, 'logs');
	if (!snapshot || snapshot.resetAt <= now) return false;
	return snapshot.remaining <= Math.max(1, Math.floor(snapshot.limit * RATE_LIMIT_RESERVE));
}

export interface PollOutcome {
	events: IDataObject[];
	/** Why draining stopped: caught up, or the cap, budget or rate-limit reserve (the rest comes next poll). */
	stoppedBy: 'caughtUp' | 'maxEvents' | 'budget' | 'rateLimit';
	pages: number;
}

/**
 * One production poll: follows the stored polling `next` link (or starts a polling query), reads pages of 1000
 * until caught up or a cap is reached, drops uuids already emitted, and leaves the new cursor in static data.
 */
export async function drainSystemLog(ctx: IPollFunctions, settings: SystemLogSettings, cursor: SystemLogCursor): Promise<PollOutcome> {
	const started = Date.now();
	const budget = pollBudgetMs(ctx);
	const baseUrl = await getOktaBaseUrl.call(ctx);
	const fingerprint = JSON.stringify(logQueryParameters(settings.query));
	const freshQuery = (since: string): { url: string; qs: IDataObject } => ({
		url: '/api/v1/logs',
		qs: { ...logQueryParameters(settings.query), since, sortOrder: 'ASCENDING', limit: LOG_PAGE_SIZE },
	});

	let request: { url: string; qs?: IDataObject };
	let fromStoredCursor = false;
	if (cursor.next && cursor.query === fingerprint) {
		request = { url: cursor.next };
		fromStoredCursor = true;
	} else {
		request = freshQuery(cursor.query === undefined ? startPoint(settings, started) : restartPoint(cursor, started));
	}

	const events: IDataObject[] = [];
	let pages = 0;
	let restarted = false;
	for (;;) {
		const response = await getLogs(ctx, request.url, request.qs);
		if (response.statusCode === 401 || response.statusCode === 403) throw accessError(ctx, response);
		if (response.statusCode === 400) {
			if (!fromStoredCursor || restarted) throw queryError(ctx, response);
			restarted = true;
			// Okta refused the stored cursor (malformed, or older than the log's retention). Start once from the
			// documented point; a refusal of that fresh query is an error, so this never loops.
			const since = restartPoint(cursor, Date.now());
			const reason = describeOktaFailure(failureOf(response)).message;
			cursor.lastRestart = { at: new Date().toISOString(), reason, since };
			cursor.next = undefined;
			ctx.logger.warn(`Okta System Log Trigger: Okta refused the stored cursor (${reason}); restarting from ${since}`, {
				workflowId: ctx.getWorkflow().id,
				node: ctx.getNode().name,
			});
			request = freshQuery(since);
			fromStoredCursor = false;
			continue;
		}
		pages++;
		const page = Array.isArray(response.body) ? (response.body as IDataObject[]) : [];
		// A uuid already emitted (by an earlier poll or page) or repeated within the page is emitted once.
		const inPage = new Set<string>();
		const unique = page.filter((event) => {
			const uuid = String(event.uuid);
			if (cursor.seen[uuid] !== undefined || inPage.has(uuid)) return false;
			inPage.add(uuid);
			return true;
		});
		events.push(...unique);
		remember(cursor, unique);
		const next = parseLinkHeader(headerValue(response.headers, 'link')).next;
		// A polling query always has a next link; without one, the next poll starts again from the last event.
		cursor.next = next;
		cursor.query = fingerprint;
		if (!next || page.length < LOG_PAGE_SIZE) return { events, stoppedBy: 'caughtUp', pages };
		if (events.length >= settings.maxEventsPerPoll) return { events, stoppedBy: 'maxEvents', pages };
		if (budget !== undefined && Date.now() - started > budget * BUDGET_SHARE) return { events, stoppedBy: 'budget', pages };
		if (nearRateLimit(baseUrl, Date.now())) return { events, stoppedBy: 'rateLimit', pages };
		request = { url: next };
		fromStoredCursor = true;
	}
}

/** The trigger's poll(): in production it moves the cursor; "Fetch Test Event" (manual) only reads. */
export async function pollSystemLog(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);
	const format = (events: IDataObject[]) => ctx.helpers.returnJsonArray(settings.simplify ? events.map(simplifyLogEvent) : events);
	if (ctx.getMode() === 'manual') {
		const recent = await sample(ctx, settings);
		return recent.length ? [format(recent)] : null;
	}
	const staticData = ctx.getWorkflowStaticData('node');
	const cursor = readCursor(staticData);
	const { events } = await drainSystemLog(ctx, settings, cursor);
	commitCursor(staticData, cursor);
	return events.length ? [format(events)] : null;
}
