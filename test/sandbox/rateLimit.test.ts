import { familyOf } from './rateLimit';
import { startSandbox, type Sandbox } from './index';
import { call } from './testClient';

/** X-Rate-Limit-* on every response, per-family windows with 429 E0000047 and reset, the concurrency limit. */

const headersOf = (headers: Headers) => ({ limit: headers.get('x-rate-limit-limit'), remaining: headers.get('x-rate-limit-remaining'), reset: headers.get('x-rate-limit-reset') });

it('sorts requests into the transport\'s endpoint families', () => {
	expect(familyOf('GET', '/api/v1/users')).toBe('users');
	expect(familyOf('POST', '/api/v1/users')).toBe('users');
	expect(familyOf('GET', '/api/v1/users/00u1')).toBe('userById');
	expect(familyOf('POST', '/api/v1/users/00u1')).toBe('userWrites');
	expect(familyOf('DELETE', '/api/v1/users/00u1')).toBe('userWrites');
	expect(familyOf('GET', '/api/v1/users/00u1/groups')).toBe('userWrites');
	expect(familyOf('POST', '/api/v1/users/00u1/lifecycle/activate')).toBe('userWrites');
	expect(familyOf('GET', '/api/v1/groups/00g1/users')).toBe('groups');
	expect(familyOf('GET', '/api/v1/devices')).toBe('devices');
	expect(familyOf('GET', '/api/v1/realms')).toBe('other');
	expect(familyOf('POST', '/oauth2/v1/token')).toBe('other');
});

describe('one sandbox', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ seed: 'demo', rateLimits: { users: 3, groups: 100 }, rateLimitWindowMs: 3000 });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	it('puts X-Rate-Limit-* on every response: success, 401, 404, 400 and the OAuth endpoints', async () => {
		const responses = [
			await call(sandbox, 'GET', '/api/v1/groups'),
			await call(sandbox, 'GET', '/api/v1/groups', undefined, 'SSWS wrong'),
			await call(sandbox, 'GET', '/api/v1/groups/00gMissing'),
			await call(sandbox, 'GET', '/api/v1/groups?limit=x'),
			await call(sandbox, 'POST', '/oauth2/v1/token', undefined, null),
		];
		for (const response of responses) {
			const { limit, remaining, reset } = headersOf(response.headers);
			expect(Number(limit)).toBeGreaterThan(0);
			expect(Number(remaining)).toBeGreaterThanOrEqual(0);
			expect(Number(reset)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
		}
		expect(headersOf(responses[3].headers).limit).toBe('100');
		expect(Number(headersOf(responses[3].headers).remaining)).toBeLessThan(100);
	});

	it('answers 429 E0000047 once a family\'s window is used up, leaves other families alone, and resets', async () => {
		const statuses: number[] = [];
		let last = headersOf(new Headers());
		let body: unknown;
		for (let i = 0; i < 4; i++) {
			const reply = await call(sandbox, 'GET', '/api/v1/users?limit=1');
			statuses.push(reply.status);
			last = headersOf(reply.headers);
			body = reply.body;
		}
		expect(statuses).toEqual([200, 200, 200, 429]);
		expect(body).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' });
		expect(last).toMatchObject({ limit: '3', remaining: '0' });
		const resetAt = Number(last.reset) * 1000;
		expect(resetAt).toBeGreaterThan(Date.now() - 1000);
		expect(resetAt).toBeLessThanOrEqual(Date.now() + 4000);
		expect((await call(sandbox, 'GET', `/api/v1/users/${[...sandbox.state.users.keys()][0]}`)).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, resetAt - Date.now()) + 50));
		expect((await call(sandbox, 'GET', '/api/v1/users?limit=1')).status).toBe(200);
	});

	it('changes limits at run time with setRateLimits, and turns them off with false', async () => {
		sandbox.setRateLimits({ groups: 1 });
		expect((await call(sandbox, 'GET', '/api/v1/groups')).status).toBe(200);
		expect((await call(sandbox, 'GET', '/api/v1/groups')).status).toBe(429);
		sandbox.setRateLimits(false);
		for (let i = 0; i < 5; i++) expect((await call(sandbox, 'GET', '/api/v1/users')).status).toBe(200);
		sandbox.setRateLimits({ users: 3, groups: 100 });
	});
});

it('answers 429 with Limit = Remaining = 0 past the concurrency limit, and admits again once requests finish', async () => {
	const narrow = await startSandbox({ concurrencyLimit: 2, latencyMs: 150 });
	try {
		const responses = await Promise.all(Array.from({ length: 5 }, async () => await call(narrow, 'GET', '/api/v1/users')));
		const rejected = responses.filter((response) => response.status === 429);
		expect(rejected).toHaveLength(3);
		expect(headersOf(rejected[0].headers)).toMatchObject({ limit: '0', remaining: '0' });
		expect(rejected[0].body.errorCode).toBe('E0000047');
		expect(narrow.rateLimiter.rejected.concurrency).toBe(3);
		expect((await call(narrow, 'GET', '/api/v1/users')).status).toBe(200);
	} finally {
		await narrow.close();
	}
});
