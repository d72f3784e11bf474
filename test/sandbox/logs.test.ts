import { scopesFor } from './auth';
import { startSandbox, type Sandbox } from './index';
import { call, profile, startReceiver, verifiedHook } from './testClient';

/**
 * GET /api/v1/logs: the same LogEvents hooks receive, polling queries with an always-present next link, bounded
 * queries, filter, q, sortOrder, limits, the logs rate-limit family, okta.logs.read, refused cursors; every
 * request and response checked against Okta's spec.
 */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'empty', deliveryBatchMs: 20 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset('empty');
	sandbox.setRateLimits({});
});

type LogEvent = { uuid: string; eventType: string; actor: { id: string }; target: Array<{ id: string }>; outcome: { result: string } };
const get = async (query: string) => await call(sandbox, 'GET', `/api/v1/logs?${query}`);
const nextOf = (headers: Headers) => /<([^>]+)>; rel="next"/.exec(headers.get('link') ?? '')?.[1];
const uuids = (body: LogEvent[]) => body.map((event) => event.uuid);
const since = () => encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
const spotless = () => sandbox.requestLog.every((entry) => entry.validation === 'passed' && entry.responseValidation === undefined);

function record(eventType: string, targetId: string, result: 'SUCCESS' | 'FAILURE' = 'SUCCESS'): void {
	sandbox.systemLog.emit({ eventType, displayMessage: eventType, target: [{ id: targetId, type: 'User' }], outcome: { result } });
}

it('logs the very LogEvent (same uuid) a hook receives for an API change', async () => {
	const receiver = await startReceiver();
	try {
		await verifiedHook(sandbox, receiver.url, ['user.lifecycle.create']);
		await call(sandbox, 'POST', '/api/v1/users?activate=false', { profile: profile('logged@example.com') });
		await sandbox.events.flush();
		const delivered = receiver.posts().flatMap((post) => post.body.data.events as LogEvent[]);
		const logged = (await get(`since=${since()}&filter=${encodeURIComponent('eventType eq "user.lifecycle.create"')}`)).body as LogEvent[];
		expect(delivered).toHaveLength(1);
		expect(uuids(logged)).toEqual(uuids(delivered));
		expect(logged[0].target[0].id).toBe([...sandbox.state.users.values()][0].id);
	} finally {
		await receiver.close();
	}
	expect(spotless()).toBe(true);
});

it('answers a polling query with a next link even when empty, which resumes exactly after the last event', async () => {
	record('user.session.start', '00u1');
	record('user.session.start', '00u2');
	const first = await get(`since=${since()}&limit=1`);
	expect(first.body).toHaveLength(1);
	const second = await call(sandbox, 'GET', nextOf(first.headers)!.replace(sandbox.baseUrl, ''));
	expect((second.body as LogEvent[])[0].target[0].id).toBe('00u2');
	const empty = await call(sandbox, 'GET', nextOf(second.headers)!.replace(sandbox.baseUrl, ''));
	expect(empty.body).toEqual([]);
	const resume = nextOf(empty.headers)!;
	expect(resume).toBe(nextOf(second.headers));
	record('user.session.start', '00u3');
	expect(((await call(sandbox, 'GET', resume.replace(sandbox.baseUrl, ''))).body as LogEvent[]).map((event) => event.target[0].id)).toEqual(['00u3']);
	const nothingYet = await get(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
	expect(nothingYet.body).toEqual([]);
	expect(nextOf(nothingYet.headers)).toMatch(/after=\d+_\d+/);
	expect(spotless()).toBe(true);
});

it('pages a bounded query only while events remain, in either sort order', async () => {
	for (const id of ['00u1', '00u2', '00u3']) record('user.session.start', id);
	const until = encodeURIComponent(new Date(Date.now() + 1000).toISOString());
	const ascending = await get(`since=${since()}&until=${until}&limit=2`);
	expect((ascending.body as LogEvent[]).map((event) => event.target[0].id)).toEqual(['00u1', '00u2']);
	const rest = await call(sandbox, 'GET', nextOf(ascending.headers)!.replace(sandbox.baseUrl, ''));
	expect((rest.body as LogEvent[]).map((event) => event.target[0].id)).toEqual(['00u3']);
	expect(nextOf(rest.headers)).toBeUndefined();
	const descending = await get(`since=${since()}&sortOrder=DESCENDING&limit=5`);
	expect((descending.body as LogEvent[]).map((event) => event.target[0].id)).toEqual(['00u3', '00u2', '00u1']);
	expect(spotless()).toBe(true);
});

it('filters on eventType, actor.id, target.id and outcome.result, and q keywords', async () => {
	record('user.session.start', '00uA', 'FAILURE');
	record('user.session.start', '00uB');
	record('user.lifecycle.create', '00uA');
	const ids = async (filter: string, extra = '') =>
		((await get(`since=${since()}&filter=${encodeURIComponent(filter)}${extra}`)).body as LogEvent[]).map((event) => `${event.eventType}/${event.target[0].id}`);
	expect(await ids('eventType eq "user.session.start"')).toEqual(['user.session.start/00uA', 'user.session.start/00uB']);
	expect(await ids('target.id eq "00uA" and outcome.result eq "SUCCESS"')).toEqual(['user.lifecycle.create/00uA']);
	expect(await ids('eventType eq "user.lifecycle.create" or outcome.result eq "FAILURE"')).toEqual(['user.session.start/00uA', 'user.lifecycle.create/00uA']);
	expect(await ids('actor.id eq "00u000000000000admin"')).toHaveLength(3);
	expect(await ids('actor.id eq "00uSomeoneElse"')).toEqual([]);
	expect(await ids('eventType sw "user."', '&q=00uB')).toEqual(['user.session.start/00uB']);
	expect((await get(`since=${since()}&filter=${encodeURIComponent('eventType eq')}`)).status).toBe(400);
	expect((await get(`since=${since()}&q=${'a '.repeat(11)}`)).status).toBe(400);
	expect((await get('limit=1001')).status).toBe(400);
});

it('refuses a malformed cursor and one outside retention with 400 E0000001', async () => {
	record('user.session.start', '00u1');
	const page = await get(`since=${since()}`);
	const stale = nextOf(page.headers)!.replace(sandbox.baseUrl, '');
	// A cursor is stale once events after it have left the log: here one recorded after the page.
	record('user.session.start', '00u2');
	sandbox.systemLog.expireAll();
	const expired = await call(sandbox, 'GET', stale);
	expect(expired.status).toBe(400);
	expect(expired.body).toMatchObject({ errorCode: 'E0000001', errorCauses: [{ errorSummary: expect.stringMatching(/retention/) }] });
	const malformed = await get('after=garbage');
	expect(malformed).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
});

it('has its own small rate-limit family and needs okta.logs.read', async () => {
	const answer = await get(`since=${since()}`);
	expect(answer.headers.get('x-rate-limit-limit')).toBe('120');
	expect(sandbox.requestLog.at(-1)?.family).toBe('logs');
	const users = await call(sandbox, 'GET', '/api/v1/users');
	expect(users.headers.get('x-rate-limit-limit')).toBe('10000');
	sandbox.setRateLimits({ logs: 1 });
	expect((await get(`since=${since()}`)).status).toBe(200);
	expect((await get(`since=${since()}`)).status).toBe(429);
	expect((await call(sandbox, 'GET', '/api/v1/users')).status).toBe(200);
	// The spec's security for GET /api/v1/logs: okta.logs.read only (there is no okta.logs.manage).
	expect(scopesFor('GET', '/api/v1/logs')).toEqual(['okta.logs.read']);
});
