import {
	endpointFamily,
	parseRateLimitHeaders,
	RATE_LIMIT_DEFAULTS,
	RateLimitGovernor,
	rateLimitWaitMs,
} from '../../../../nodes/Okta/transport/rateLimit';

describe('endpointFamily', () => {
	it.each([
		['GET', '/api/v1/users', 'users'],
		['POST', '/api/v1/users', 'users'],
		['GET', '/api/v1/users/00u1', 'userById'],
		['POST', '/api/v1/users/00u1', 'userWrites'],
		['DELETE', '/api/v1/users/00u1', 'userWrites'],
		['POST', '/api/v1/users/00u1/lifecycle/activate', 'userWrites'],
		['GET', '/api/v1/users/00u1/groups', 'userWrites'],
		['GET', '/api/v1/groups', 'groups'],
		['PUT', '/api/v1/groups/00g1/users/00u1', 'groups'],
		['GET', '/api/v1/devices?limit=200', 'devices'],
		['GET', '/api/v1/realms', 'other'],
		['POST', '/api/v1/eventHooks', 'other'],
	])('%s %s is %s', (method, path, family) => {
		expect(endpointFamily(method, path)).toBe(family);
	});
});

describe('parseRateLimitHeaders', () => {
	it('reads limit, remaining and reset (epoch seconds) case-insensitively', () => {
		expect(parseRateLimitHeaders({ 'X-Rate-Limit-Limit': '600', 'x-rate-limit-remaining': '17', 'x-rate-limit-reset': '1700000000' })).toEqual({
			limit: 600,
			remaining: 17,
			resetAt: 1_700_000_000_000,
		});
	});

	it('ignores missing or malformed headers', () => {
		expect(parseRateLimitHeaders({})).toBeUndefined();
		expect(parseRateLimitHeaders({ 'x-rate-limit-limit': 'a', 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': '1' })).toBeUndefined();
		expect(parseRateLimitHeaders(undefined)).toBeUndefined();
	});
});

describe('rateLimitWaitMs', () => {
	const now = 1_700_000_000_000;

	it('waits until the reset plus a margin', () => {
		const wait = rateLimitWaitMs({ limit: 10, remaining: 0, resetAt: now + 5000 }, 0, now);
		expect(wait).toBe(5000 + RATE_LIMIT_DEFAULTS.resetMarginMs);
	});

	it('waits at least the minimum when the reset is already past (clock skew)', () => {
		expect(rateLimitWaitMs({ limit: 10, remaining: 0, resetAt: now - 10_000 }, 0, now)).toBe(RATE_LIMIT_DEFAULTS.minWaitMs);
	});

	it('never waits longer than the maximum', () => {
		expect(rateLimitWaitMs({ limit: 10, remaining: 0, resetAt: now + 3_600_000 }, 0, now)).toBe(RATE_LIMIT_DEFAULTS.maxWaitMs);
	});

	it('backs off exponentially when Okta sent no reset header', () => {
		expect(rateLimitWaitMs(undefined, 0, now)).toBe(1000);
		expect(rateLimitWaitMs(undefined, 3, now)).toBe(8000);
		expect(rateLimitWaitMs(undefined, 20, now)).toBe(RATE_LIMIT_DEFAULTS.maxWaitMs);
	});
});

describe('RateLimitGovernor', () => {
	it('lets requests through while budget remains and counts them in flight', async () => {
		const governor = new RateLimitGovernor();
		governor.observe({ limit: 10, remaining: 2, resetAt: Date.now() + 60_000 });
		await governor.acquire();
		await governor.acquire();
		expect(governor.state.inFlight).toBe(2);
	});

	it('holds a request while the remaining budget is claimed, until the window resets', async () => {
		const governor = new RateLimitGovernor();
		const resetAt = Date.now() + 600;
		governor.observe({ limit: 10, remaining: 1, resetAt });
		await governor.acquire();
		const started = Date.now();
		const second = governor.acquire();
		// The answer to the first request says the window is spent: the second must wait for the reset.
		governor.release({ limit: 10, remaining: 0, resetAt });
		await second;
		expect(Date.now()).toBeGreaterThanOrEqual(resetAt);
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
	});

	it('lets a held request go at the next answer when the in-flight requests were already counted', async () => {
		const governor = new RateLimitGovernor();
		const resetAt = Date.now() + 60_000;
		governor.observe({ limit: 10, remaining: 2, resetAt });
		await governor.acquire();
		await governor.acquire();
		let thirdStarted = false;
		const third = governor.acquire().then(() => (thirdStarted = true));
		await Promise.resolve();
		expect(thirdStarted).toBe(false);
		expect(governor.state.waiting).toBe(1);
		// Okta had counted both in-flight requests already: 2 remain, one still in flight, so one more fits.
		governor.release({ limit: 10, remaining: 2, resetAt });
		await third;
		expect(Date.now()).toBeLessThan(resetAt);
		expect(governor.state.inFlight).toBe(2);
	});

	it('ignores a late answer from an earlier window', () => {
		const governor = new RateLimitGovernor();
		governor.observe({ limit: 10, remaining: 9, resetAt: 3000 });
		governor.observe({ limit: 10, remaining: 0, resetAt: 2000 });
		expect(governor.state.snapshot).toEqual({ limit: 10, remaining: 9, resetAt: 3000 });
	});

	it('keeps the lowest remaining within a window and replaces it when a new window starts', () => {
		const governor = new RateLimitGovernor();
		governor.observe({ limit: 10, remaining: 5, resetAt: 2000 });
		governor.observe({ limit: 10, remaining: 7, resetAt: 2000 });
		expect(governor.state.snapshot?.remaining).toBe(5);
		governor.observe({ limit: 10, remaining: 9, resetAt: 3000 });
		expect(governor.state.snapshot?.remaining).toBe(9);
	});
});
