import { generateKeyPairSync } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OktaSystemLogTrigger } from '../../../nodes/Okta/OktaSystemLogTrigger.node';
import { MAX_SEEN } from '../../../nodes/Okta/systemLog/cursor';
import { LOG_PAGE_SIZE } from '../../../nodes/Okta/systemLog/poll';
import { simplifyLogEvent } from '../../../nodes/Okta/systemLog/simplify';
import { runPoll, type TestCredential } from '../../helpers/n8n';
import { startSandbox, type Sandbox } from '../../sandbox';
import { call } from '../../sandbox/testClient';
import { requestsMade } from './run';

/**
 * The Okta System Log Trigger's poll() in n8n-core's PollContext against the sandbox's /api/v1/logs: cursor in
 * static data, backlog across polls, restarts, repeated uuids, pacing, refused cursors, manual mode, errors.
 * Static data is carried between polls the way n8n persists it: as JSON.
 */

let okta: Sandbox;
let staticData: IDataObject;
let parameters: INodeParameters;
let credential: () => TestCredential;

beforeAll(async () => {
	okta = await startSandbox({ seed: 'empty' });
});
afterAll(async () => await okta.close());
beforeEach(() => {
	okta.reset('empty');
	okta.setRateLimits({});
	okta.systemLog.refuseCursors(false);
	staticData = {};
	parameters = {};
	credential = () => ({ type: 'oktaDirectoryApiTokenApi', data: { domain: okta.baseUrl, apiToken: okta.apiToken } });
});

/** One poll as n8n runs it on an active workflow; static data goes through JSON in between, as n8n stores it. */
async function poll(options: { mode?: 'trigger' | 'manual'; activation?: 'activate' | 'init'; node?: OktaSystemLogTrigger; warn?: (message: string) => void } = {}) {
	staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	const { output } = await runPoll({
		node: options.node ?? new OktaSystemLogTrigger(),
		parameters,
		credentials: credential(),
		staticData,
		mode: options.mode,
		activation: options.activation,
		pollBudgetMs: 60_000,
		logger: options.warn ? { warn: options.warn } : undefined,
	});
	return output ? output[0].map((item) => item.json) : null;
}

let counter = 0;
/** Events as Okta records them, each with a distinct target, through the sandbox's one event path (also hooks). */
function record(count: number, eventType = 'user.session.start'): string[] {
	const before = new Set([...okta.state.logEvents.values()].map((stored) => String(stored.event.uuid)));
	for (let index = 0; index < count; index++) {
		counter++;
		okta.systemLog.emit({ eventType, displayMessage: `Event ${counter}`, target: [{ id: `00u${String(counter).padStart(17, '0')}`, type: 'User' }] });
	}
	return [...okta.state.logEvents.values()].map((stored) => String(stored.event.uuid)).filter((uuid) => !before.has(uuid));
}

const publishedOf = (uuid: string) => [...okta.state.logEvents.values()].find((stored) => stored.event.uuid === uuid)?.event.published;
const uuids = (events: IDataObject[] | null) => (events ?? []).map((event) => String(event.uuid));
const logRequests = () => okta.requestLog.filter((entry) => entry.path === '/api/v1/logs');
const cursorState = () => staticData.systemLog as { next?: string; seen: Record<string, number>; lastPublished?: string; lastRestart?: { reason: string; since: string } };
/** Later than any event recorded so far: the sandbox stamps events with Date.now(), in milliseconds. */
const tick = async () => await new Promise((resolve) => setTimeout(resolve, 5));

describe('cursor', () => {
	it('starts now on first activation, then emits each new event once, following the polling next link', async () => {
		record(3);
		await tick();
		const activatedAt = Date.now();
		expect(await poll()).toBeNull();
		const first = logRequests()[0];
		expect(first.query).toMatchObject({ limit: String(LOG_PAGE_SIZE), sortOrder: 'ASCENDING' });
		expect(Date.parse(String(first.query.since))).toBeGreaterThanOrEqual(activatedAt);
		expect(first.query.until).toBeUndefined();
		const storedNext = String(cursorState().next);
		expect(storedNext).toMatch(/\/api\/v1\/logs\?.*after=/);

		const fresh = record(2);
		expect(uuids(await poll())).toEqual(fresh);
		// The second poll sent exactly the stored next link.
		expect(logRequests()[1].query).toEqual(Object.fromEntries(new URL(storedNext).searchParams));
		expect(await poll()).toBeNull();
		expect(requestsMade(okta)).toEqual(['GET /api/v1/logs', 'GET /api/v1/logs', 'GET /api/v1/logs']);
	});

	it('can start from a past point (Look Back)', async () => {
		const earlier = record(3);
		parameters = { startFrom: 'lookback', lookbackHours: 1 };
		expect(uuids(await poll())).toEqual(earlier);
		expect(Date.now() - Date.parse(String(logRequests()[0].query.since))).toBeGreaterThanOrEqual(3600_000);
		expect(await poll()).toBeNull();
	});

	it('sends event types and the filter as one filter expression, with q, and emits only matching events', async () => {
		parameters = {
			startFrom: 'lookback',
			eventTypes: ['user.lifecycle.create'],
			customEventTypes: 'group.user_membership.add',
			options: { filter: 'outcome.result eq "SUCCESS"', q: 'Event' },
		};
		record(2, 'user.session.start');
		const wanted = [...record(1, 'user.lifecycle.create'), ...record(1, 'group.user_membership.add')];
		expect(uuids(await poll())).toEqual(wanted);
		expect(logRequests()[0].query).toMatchObject({
			filter: '(eventType eq "user.lifecycle.create" or eventType eq "group.user_membership.add") and (outcome.result eq "SUCCESS")',
			q: 'Event',
		});
	});

	it('refuses a malformed filter, q or event type before sending anything, naming the field', async () => {
		for (const [bad, message] of [
			[{ options: { filter: 'eventType eq user.session.start' } }, /^Filter: a value must be quoted/],
			[{ options: { q: 'a b c d e f g h i j k' } }, /^Keywords \(Q\): Okta accepts at most 10 keywords/],
			[{ customEventTypes: 'user session' }, /^Custom Event Types: "user" is not an Okta event type/],
		] as const) {
			parameters = bad as INodeParameters;
			await expect(poll()).rejects.toThrow(message);
		}
		expect(logRequests()).toHaveLength(0);
	});

	it('starts a new query from the last emitted event when the filter changes, without repeating events', async () => {
		parameters = { startFrom: 'lookback' };
		const first = record(2, 'user.session.start');
		expect(uuids(await poll())).toEqual(first);
		const typed = record(1, 'user.lifecycle.create');
		record(1, 'user.session.start');
		parameters = { startFrom: 'lookback', eventTypes: ['user.lifecycle.create'] };
		expect(uuids(await poll())).toEqual(typed);
		// The new query starts at the last emitted event's time; that event itself is dropped by uuid.
		expect(logRequests()[1].query).toMatchObject({ since: publishedOf(first[1]), filter: 'eventType eq "user.lifecycle.create"' });
		expect(logRequests()[1].query.after).toBeUndefined();
	});
});

describe('volume', () => {
	it('drains a backlog in pages of 1000 up to the cap, and the next polls continue where it stopped', async () => {
		parameters = { startFrom: 'lookback', options: { maxEventsPerPoll: 2000 } };
		const backlog = record(4500);
		const first = await poll();
		const second = await poll();
		const third = await poll();
		expect([first?.length, second?.length, third?.length]).toEqual([2000, 2000, 500]);
		expect([...uuids(first), ...uuids(second), ...uuids(third)]).toEqual(backlog);
		expect(await poll()).toBeNull();
		expect(logRequests().map((entry) => entry.query.limit)).toEqual(['1000', '1000', '1000', '1000', '1000', '1000']);
		// Each poll after the first resumes from the stored next link: its query is the cursor, not a new `since`.
		expect(logRequests().slice(2).every((entry) => typeof entry.query.after === 'string')).toBe(true);
	});

	it('emits a uuid once when Okta returns it again on a later page, within a poll and across polls', async () => {
		parameters = { startFrom: 'lookback' };
		const backlog = record(LOG_PAGE_SIZE);
		expect(okta.systemLog.repeat(backlog[0])).toBe(true);
		const tail = record(3);
		const drained = await poll();
		expect(logRequests()).toHaveLength(2);
		expect(uuids(drained)).toEqual([...backlog, ...tail]);
		okta.systemLog.repeat(tail[2]);
		okta.systemLog.repeat(backlog[500]);
		expect(await poll()).toBeNull();
		// Twice on the same page.
		const later = record(1);
		okta.systemLog.repeat(later[0]);
		expect(uuids(await poll())).toEqual(later);
	});

	it('remembers recent uuids only up to its bound', async () => {
		parameters = { startFrom: 'lookback' };
		record(MAX_SEEN + 10);
		expect((await poll())?.length).toBe(MAX_SEEN + 10);
		expect(Object.keys(cursorState().seen)).toHaveLength(MAX_SEEN);
	});

	it('paces on X-Rate-Limit-*: stops draining at the logs bucket\'s reserve, waits for the reset instead of a 429, skips nothing', async () => {
		// 3 requests per 10 s window (long against a page, even on a loaded machine): once only 1 is left (the
		// reserve), a poll leaves the rest of the backlog to the next one; a poll that finds the bucket empty waits for
		// the reset through the transport's governor rather than meeting a 429.
		// A sandbox (an org) of its own, so the transport's rate-limit memory of the shared one plays no part.
		const shared = okta;
		okta = await startSandbox({ seed: 'empty', rateLimits: { logs: 3 }, rateLimitWindowMs: 10_000 });
		try {
			parameters = { startFrom: 'lookback' };
			const backlog = record(4200);
			const first = await poll();
			expect(first!.length).toBeLessThan(backlog.length);
			const emitted = [...uuids(first)];
			for (let round = 0; round < 6 && emitted.length < backlog.length; round++) emitted.push(...uuids(await poll()));
			expect(emitted).toEqual(backlog);
			expect(logRequests().filter((entry) => entry.status === 429)).toHaveLength(0);
			expect(okta.rateLimiter.rejected.rate).toBe(0);
		} finally {
			await okta.close();
			okta = shared;
		}
	});
});

describe('restarts and refused cursors', () => {
	it('continues after an n8n restart from the cursor read back from static data', async () => {
		parameters = { startFrom: 'lookback', options: { maxEventsPerPoll: 1000 } };
		const backlog = record(1500);
		const before = await poll();
		const stored = JSON.stringify(staticData);
		// A new process: a new node instance, static data from the database, activation 'init'.
		staticData = JSON.parse(stored) as IDataObject;
		const after = await poll({ node: new OktaSystemLogTrigger(), activation: 'init' });
		expect([...uuids(before), ...uuids(after)]).toEqual(backlog);
		expect(logRequests()).toHaveLength(2);
		expect(logRequests()[1].query.after).toBe(new URL(String((JSON.parse(stored) as { systemLog: { next: string } }).systemLog.next)).searchParams.get('after'));
	});

	it('restarts from the last emitted event when Okta refuses an expired cursor, reports it, and does not loop', async () => {
		parameters = { startFrom: 'lookback' };
		const first = record(2);
		expect(uuids(await poll())).toEqual(first);
		const lastPublished = cursorState().lastPublished;
		record(1);
		okta.systemLog.expireAll();
		await tick();
		const survivor = record(1);
		const warnings: string[] = [];
		expect(uuids(await poll({ warn: (message) => warnings.push(message) }))).toEqual(survivor);
		const [refused, restarted] = logRequests().slice(1);
		expect(refused.status).toBe(400);
		expect(restarted.query).toMatchObject({ since: lastPublished, sortOrder: 'ASCENDING', limit: '1000' });
		expect(restarted.query.after).toBeUndefined();
		expect(cursorState().lastRestart).toMatchObject({ since: lastPublished, reason: expect.stringContaining('retention') });
		expect(warnings).toEqual([expect.stringContaining(`restarting from ${lastPublished}`)]);
		expect(await poll()).toBeNull();
		expect(logRequests().slice(3).map((entry) => entry.status)).toEqual([200]);
	});

	it('fails once, without looping and without moving the cursor, when Okta refuses the restarted query\'s next page too', async () => {
		parameters = { startFrom: 'lookback' };
		const first = record(1);
		expect(uuids(await poll())).toEqual(first);
		const saved = JSON.stringify(staticData);
		const backlog = record(LOG_PAGE_SIZE + 5);
		okta.systemLog.refuseCursors(true);
		// Stored cursor refused → one restart (a full first page) → its next page refused too → the poll fails.
		const error = (await poll().catch((caught: unknown) => caught)) as Error;
		expect(error.message).toMatch(/^Okta refused the System Log query: .*\[HTTP 400, E0000001\]/);
		expect(logRequests().slice(1).map((entry) => [entry.status, entry.query.after === undefined ? 'fresh' : 'cursor'])).toEqual([
			[400, 'cursor'],
			[200, 'fresh'],
			[400, 'cursor'],
		]);
		expect(JSON.stringify(staticData)).toBe(saved);
		okta.systemLog.refuseCursors(false);
		expect(uuids(await poll())).toEqual(backlog);
	});

	it('restarts from now when a malformed cursor is refused before anything was emitted', async () => {
		staticData = { systemLog: { next: `${okta.baseUrl}/api/v1/logs?after=not-a-cursor&limit=1000`, query: '{}', seen: {} } };
		record(2);
		await tick();
		const before = Date.now();
		expect(await poll()).toBeNull();
		const restarted = logRequests()[1];
		expect(Date.parse(String(restarted.query.since))).toBeGreaterThanOrEqual(before);
		const fresh = record(1);
		expect(uuids(await poll())).toEqual(fresh);
	});
});

describe('manual mode and output', () => {
	it('Fetch Test Event returns the most recent matching events even when none is new, and leaves the cursor alone', async () => {
		parameters = { startFrom: 'lookback' };
		const events = record(12);
		await poll();
		const saved = JSON.stringify(staticData);
		const sample = await poll({ mode: 'manual' });
		expect(uuids(sample)).toEqual(events.slice(-10).reverse());
		expect(JSON.stringify(staticData)).toBe(saved);
		expect(logRequests()[1].query).toMatchObject({ sortOrder: 'DESCENDING', limit: '10' });
		expect(logRequests()[1].query.until).toEqual(expect.stringMatching(/Z$/));
	});

	it('emits the LogEvent as Okta sends it, or a simplified item', async () => {
		parameters = { startFrom: 'lookback' };
		const [uuid] = record(1, 'group.user_membership.add');
		const stored = [...okta.state.logEvents.values()].find((entry) => entry.event.uuid === uuid)!;
		// The sandbox's own LogEvent has one User target; add the group as Okta's membership events carry it.
		(stored.event.target as IDataObject[]).push({ id: '00g00000000000000001', type: 'UserGroup', displayName: 'Engineering' });
		const served = (await call(okta, 'GET', '/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z')).body as IDataObject[];
		const [full] = (await poll())!;
		expect(full).toEqual(served.find((event) => event.uuid === uuid));
		staticData = {};
		parameters = { startFrom: 'lookback', options: { simplify: true } };
		const [simple] = (await poll())!;
		expect(simple).toEqual(simplifyLogEvent(full));
		expect(simple).toMatchObject({ eventType: 'group.user_membership.add', target: { type: 'User' }, group: { id: '00g00000000000000001' }, outcome: 'SUCCESS' });
	});
});

describe('errors', () => {
	it('names okta.logs.read when Okta answers 403', async () => {
		const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const app = okta.oauth.registerServiceApp({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), scopes: ['okta.users.read'] });
		credential = () => ({
			type: 'oktaDirectoryServiceAppApi',
			data: { domain: okta.baseUrl, clientId: app.clientId, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), scopes: 'okta.users.read', accessToken: '' },
		});
		parameters = { authentication: 'serviceApp' };
		const error = (await poll().catch((caught: unknown) => caught)) as Error & { description?: string };
		expect(error.message).toMatch(/^Okta refused to read the System Log: .*\[HTTP 403, E0000006\]/);
		expect(error.description).toMatch(/okta\.logs\.read/);
		expect(staticData).toEqual({});
		expect(logRequests()).toHaveLength(1);
	});

	it('names okta.logs.read when Okta answers 401, without the token in the error', async () => {
		credential = () => ({ type: 'oktaDirectoryApiTokenApi', data: { domain: okta.baseUrl, apiToken: 'revoked-token-value' } });
		const error = (await poll().catch((caught: unknown) => caught)) as Error & { description?: string };
		expect(error.message).toMatch(/\[HTTP 401, E0000011\]/);
		expect(error.description).toMatch(/okta\.logs\.read/);
		expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('revoked-token-value');
	});
});
