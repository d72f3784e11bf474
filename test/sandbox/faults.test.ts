import { startSandbox, type Sandbox } from './index';
import { FAULT_PRESETS } from './faults';
import { call, profile } from './testClient';

/** Per-route fault injection: latency, 500/503 shares, dropped connections, truncated JSON, 429 storms. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

it('storms a route with a fixed number of 429s, then lets requests through', async () => {
	sandbox.faults.set('/api/v1/groups', { rateLimitStorm: { count: 2 } });
	const first = await call(sandbox, 'GET', '/api/v1/groups');
	expect(first).toMatchObject({ status: 429, body: { errorCode: 'E0000047' } });
	expect(first.headers.get('x-rate-limit-remaining')).toBe('0');
	expect(Number(first.headers.get('x-rate-limit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
	expect((await call(sandbox, 'GET', '/api/v1/groups')).status).toBe(429);
	expect((await call(sandbox, 'GET', '/api/v1/groups')).status).toBe(200);
	expect((await call(sandbox, 'GET', '/api/v1/users')).status).toBe(200);
});

it('answers 500 or 503 in Okta\'s error shape', async () => {
	sandbox.faults.set('/api/v1/users', { errorRate: 1, errorStatus: 503 });
	expect((await call(sandbox, 'GET', '/api/v1/users')).body).toMatchObject({ errorCode: expect.stringMatching(/^E00000/) });
	expect((await call(sandbox, 'GET', '/api/v1/users')).status).toBe(503);
	sandbox.faults.clear();
	sandbox.faults.set('/api/v1/users', { errorRate: 1, errorStatus: 500 });
	expect((await call(sandbox, 'GET', '/api/v1/users')).body).toMatchObject({ errorCode: 'E0000009' });
});

it('fails about the configured share of requests', async () => {
	sandbox.faults.set('/api/v1/realms', { errorRate: 0.3 });
	const statuses = [];
	for (let i = 0; i < 100; i++) statuses.push((await call(sandbox, 'GET', '/api/v1/realms')).status);
	const failed = statuses.filter((status) => status >= 500).length;
	expect(failed).toBeGreaterThan(10);
	expect(failed).toBeLessThan(55);
	expect(statuses.every((status) => [200, 500, 503].includes(status))).toBe(true);
});

it('drops connections without an answer', async () => {
	sandbox.faults.set('/api/v1/users', { dropRate: 1 });
	await expect(call(sandbox, 'GET', '/api/v1/users')).rejects.toThrow();
	expect(sandbox.requestLog.at(-1)!.status).toBe(-1);
});

it('truncates JSON bodies', async () => {
	sandbox.faults.set('/api/v1/users', { truncateRate: 1 });
	const truncated = await call(sandbox, 'GET', '/api/v1/users');
	expect(truncated.status).toBe(200);
	expect(typeof truncated.body).toBe('string');
	expect(() => JSON.parse(truncated.body as string)).toThrow();
});

it('adds latency, matches routes by prefix or by a regular expression on "METHOD path", and clears', async () => {
	sandbox.faults.set('/api/v1/realms', { latencyMs: 300 });
	let started = Date.now();
	await call(sandbox, 'GET', '/api/v1/realms');
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	sandbox.faults.clear();
	started = Date.now();
	await call(sandbox, 'GET', '/api/v1/realms');
	expect(Date.now() - started).toBeLessThan(200);

	sandbox.faults.set(/^POST \/api\/v1\/groups$/, { errorRate: 1, errorStatus: 500 });
	expect((await call(sandbox, 'GET', '/api/v1/groups')).status).toBe(200);
	expect((await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Chaos' } })).status).toBe(500);
	expect([...sandbox.state.groups.values()].some((group) => group.profile.name === 'Chaos')).toBe(false);
});

it('is configurable over HTTP through /__sandbox/faults', async () => {
	await fetch(`${sandbox.baseUrl}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route: '/api/v1/devices', spec: { rateLimitStorm: { count: 1 } } }) });
	expect((await call(sandbox, 'GET', '/api/v1/devices')).status).toBe(429);
	sandbox.faults.set('/api/v1/devices', { errorRate: 1 });
	await fetch(`${sandbox.baseUrl}/__sandbox/faults`, { method: 'DELETE' });
	expect((await call(sandbox, 'GET', '/api/v1/devices')).status).toBe(200);
});

async function until(condition: () => boolean): Promise<void> {
	for (let waited = 0; !condition(); waited += 20) {
		if (waited > 20_000) throw new Error('condition never held');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('faults after the route ran: the change happened, only the answer is lost or late', () => {
	const loginExists = (login: string) => [...sandbox.state.users.values()].some((user) => user.profile.login === login);

	it('drops the connection after creating the user', async () => {
		sandbox.faults.set(/^POST \/api\/v1\/users$/, { dropAfterRate: 1 });
		await expect(call(sandbox, 'POST', '/api/v1/users', { profile: profile('dropped.after@example.com') })).rejects.toThrow();
		expect(loginExists('dropped.after@example.com')).toBe(true);
		expect(sandbox.requestLog.at(-1)).toMatchObject({ status: -1, fault: 'dropAfter', processedStatus: 200, body: { profile: { login: 'dropped.after@example.com' } } });
	});

	it('drops the connection before the route runs: nothing changes', async () => {
		sandbox.faults.set(/^POST \/api\/v1\/users$/, { dropRate: 1 });
		await expect(call(sandbox, 'POST', '/api/v1/users', { profile: profile('dropped.before@example.com') })).rejects.toThrow();
		expect(loginExists('dropped.before@example.com')).toBe(false);
		expect(sandbox.requestLog.at(-1)).toMatchObject({ status: -1, fault: 'drop' });
		expect(sandbox.requestLog.at(-1)!.processedStatus).toBeUndefined();
	});

	it('holds the answer of a latency spike back while the write has already happened', async () => {
		sandbox.faults.set(/^POST \/api\/v1\/users$/, { spikeRate: 1, spikeMs: 1500 });
		const started = Date.now();
		const reply = call(sandbox, 'POST', '/api/v1/users', { profile: profile('spiked@example.com') });
		// The user exists as soon as the route has answered, before the answer is sent: a client that gave up meanwhile has still created it.
		await until(() => sandbox.requestLog.at(-1)?.processedStatus !== undefined);
		expect(loginExists('spiked@example.com')).toBe(true);
		expect((await reply).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
		expect(sandbox.requestLog.at(-1)).toMatchObject({ status: 200, fault: 'spike', processedStatus: 200 });
	});

	it('logs a spike the client gave up on as lost', async () => {
		sandbox.faults.set(/^POST \/api\/v1\/users$/, { spikeRate: 1, spikeMs: 1000 });
		await expect(
			fetch(`${sandbox.baseUrl}/api/v1/users`, {
				method: 'POST',
				headers: { authorization: `SSWS ${sandbox.apiToken}`, 'content-type': 'application/json' },
				body: JSON.stringify({ profile: profile('gave.up@example.com') }),
				signal: AbortSignal.timeout(200),
			}),
		).rejects.toThrow();
		const entry = sandbox.requestLog.at(-1)!;
		await until(() => entry.status !== 0);
		expect(loginExists('gave.up@example.com')).toBe(true);
		expect(entry).toMatchObject({ status: -1, fault: 'spike', processedStatus: 200 });
	});
});

it('strikes a share of requests with each fault of the mixed preset', async () => {
	sandbox.faults.set('/api/v1/groups', { ...FAULT_PRESETS.mixed, spikeMs: 50 });
	for (let i = 0; i < 400; i++) await call(sandbox, 'GET', '/api/v1/groups').catch(() => undefined);
	const kinds = new Map<string, number>();
	for (const entry of sandbox.requestLog) if (entry.fault) kinds.set(entry.fault, (kinds.get(entry.fault) ?? 0) + 1);
	expect(kinds.get('rateLimit')).toBe(FAULT_PRESETS.mixed.rateLimitStorm.count);
	for (const kind of ['error', 'drop', 'dropAfter', 'truncate', 'spike']) expect({ kind, struck: (kinds.get(kind) ?? 0) > 0 }).toEqual({ kind, struck: true });
	// Each share is a few percent, not most requests.
	expect(sandbox.requestLog.filter((entry) => entry.fault && entry.fault !== 'rateLimit').length).toBeLessThan(400 * 0.25);
});

it('strikes only the first requests of a rule given maxStrikes', async () => {
	sandbox.faults.set('/api/v1/groups', { errorRate: 1, maxStrikes: 2 });
	const statuses = [];
	for (let i = 0; i < 4; i++) statuses.push((await call(sandbox, 'GET', '/api/v1/groups')).status);
	expect(statuses.map((status) => status >= 500)).toEqual([true, true, false, false]);
});
