import { startSandbox, type Sandbox } from './index';
import { call, nextLink, profile, startReceiver, verifiedHook } from './testClient';

/**
 * Chaos: with faults on (5xx, dropped connections, truncated bodies, 429 storms), a client that retries what
 * failed still sees every user exactly once and creates every user exactly once, and a hook that de-duplicates
 * on uuid gets every event exactly once. This holds because errors, drops and storms strike before the route
 * runs (nothing changed), while truncation strikes after it (the change happened, only the answer is lost).
 */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: { users: 600 } });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** GET with retries: anything but a complete, parseable 200 is tried again. */
async function getWithRetry(url: string): Promise<{ body: Array<{ id: string }>; headers: Headers; tries: number }> {
	for (let tries = 1; tries <= 50; tries++) {
		try {
			const response = await fetch(url, { headers: { authorization: `SSWS ${sandbox.apiToken}` } });
			const text = await response.text();
			if (response.status === 200) return { body: JSON.parse(text) as Array<{ id: string }>, headers: response.headers, tries };
		} catch {
			// dropped connection or truncated JSON: try again
		}
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	throw new Error(`gave up on ${url}`);
}

it('pages every user exactly once through 5xx, drops, truncation and a 429 storm', async () => {
	sandbox.faults.set('/api/v1/users', { errorRate: 0.15, dropRate: 0.1, truncateRate: 0.1, rateLimitStorm: { count: 3 } });
	const seen = new Map<string, number>();
	let url: string | undefined = `${sandbox.baseUrl}/api/v1/users?limit=20`;
	let retries = 0;
	while (url) {
		const page = await getWithRetry(url);
		retries += page.tries - 1;
		for (const user of page.body) seen.set(user.id, (seen.get(user.id) ?? 0) + 1);
		url = nextLink(page.headers);
	}
	expect(seen.size).toBe(600);
	expect([...seen.values()].every((count) => count === 1)).toBe(true);
	// The faults really struck: storms, errors, drops and truncations all show in the log.
	expect(retries).toBeGreaterThan(3);
	const statuses = new Set(sandbox.requestLog.map((entry) => entry.status));
	for (const status of [200, 429, -1]) expect(statuses).toContain(status);
	expect([...statuses].some((status) => status === 500 || status === 503)).toBe(true);
});

it('creates each user exactly once when failures strike before the change, and delivers each event once after de-duplication', async () => {
	const receiver = await startReceiver();
	try {
		await verifiedHook(sandbox, receiver.url, ['user.lifecycle.create']);
		sandbox.events.forceDuplicateDelivery(true);
		sandbox.faults.set(/^POST \/api\/v1\/users$/, { errorRate: 0.25, dropRate: 0.1 });
		const before = sandbox.state.users.size;
		for (let i = 0; i < 30; i++) {
			for (let tries = 0; ; tries++) {
				const reply = await call(sandbox, 'POST', '/api/v1/users', { profile: profile(`chaos${i}@example.com`) }).catch(() => undefined);
				if (reply?.status === 200) break;
				expect(reply === undefined || reply.status >= 500).toBe(true);
				expect(tries).toBeLessThan(30);
			}
		}
		await sandbox.events.flush();
		expect(sandbox.state.users.size).toBe(before + 30);
		const events = receiver.posts().flatMap((post) => post.body.data.events as Array<{ uuid: string; target: Array<{ alternateId: string }> }>);
		expect(events.length).toBeGreaterThan(30); // duplicates were delivered …
		const unique = new Map(events.map((event) => [event.uuid, event.target[0].alternateId]));
		expect([...unique.values()].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `chaos${i}@example.com`).sort()); // … and de-duplicate to one each
		expect(sandbox.requestLog.filter((entry) => entry.status >= 500 || entry.status === -1).length).toBeGreaterThan(0);
		sandbox.events.forceDuplicateDelivery(false);
	} finally {
		await receiver.close();
	}
});

it('truncates after the change: the user exists though the answer was cut, so a blind retry meets a duplicate login', async () => {
	sandbox.faults.set(/^POST \/api\/v1\/users$/, { truncateRate: 1 });
	const cut = await call(sandbox, 'POST', '/api/v1/users', { profile: profile('cut@example.com') });
	expect(cut.status).toBe(200);
	expect(typeof cut.body).toBe('string');
	expect([...sandbox.state.users.values()].some((user) => user.profile.login === 'cut@example.com')).toBe(true);
	sandbox.faults.clear();
	expect((await call(sandbox, 'POST', '/api/v1/users', { profile: profile('cut@example.com') })).body.errorCauses[0].errorSummary).toMatch(/already exists/);
});
