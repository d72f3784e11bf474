import { startSandbox, type Sandbox } from './index';
import { call } from './testClient';

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
