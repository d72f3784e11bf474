import type { Sandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import { runOperation } from './run';

/** The most requests the sandbox was serving at one moment, from its request log (arrival + duration). */
function maxOverlap(sandbox: Sandbox): number {
	const edges = sandbox.requestLog.flatMap((entry) => [
		{ at: entry.time, change: 1 },
		{ at: entry.time + (entry.durationMs ?? 0), change: -1 },
	]);
	// An end and a start at the same millisecond do not overlap.
	edges.sort((a, b) => a.at - b.at || a.change - b.change);
	let current = 0;
	let max = 0;
	for (const edge of edges) {
		current += edge.change;
		max = Math.max(max, current);
	}
	return max;
}

const userItems = (sandbox: Sandbox, count: number) => [...sandbox.state.users.values()].slice(0, count).map((user) => ({ json: { id: user.id } }));
const getUser = { userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } };

describe('router: items run concurrently, output stays in input order', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ seed: { users: 100 } });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());

	it('keeps input order and pairedItem when a slow early item finishes last', async () => {
		const items = userItems(sandbox, 6);
		const slowId = items[1].json.id;
		sandbox.faults.set(new RegExp(`^/api/v1/users/${slowId}$`), { latencyMs: 400 });
		const output = await runOperation(sandbox, 'user', 'get', { ...getUser, requestOptions: { concurrency: 5 } }, { items });

		// The slow item's answer came last, so the output order is not completion order.
		const finished = [...sandbox.requestLog].sort((a, b) => a.time + (a.durationMs ?? 0) - (b.time + (b.durationMs ?? 0)));
		expect(finished.at(-1)?.path).toBe(`/api/v1/users/${slowId}`);
		expect(output.map((item) => item.json.id)).toEqual(items.map((item) => item.json.id));
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
	});

	it('runs at most the chosen concurrency at once, and one at a time with concurrency 1', async () => {
		sandbox.faults.set('/api/v1/users', { latencyMs: 300 });
		await runOperation(sandbox, 'user', 'get', { ...getUser, requestOptions: { concurrency: 4 } }, { items: userItems(sandbox, 20) });
		expect(maxOverlap(sandbox)).toBe(4);

		sandbox.reset();
		sandbox.faults.set('/api/v1/users', { latencyMs: 300 });
		await runOperation(sandbox, 'user', 'get', { ...getUser, requestOptions: { concurrency: 1 } }, { items: userItems(sandbox, 5) });
		expect(maxOverlap(sandbox)).toBe(1);
	});

	it("runs up to Okta's 75 concurrent requests and never beyond, whatever the option says", async () => {
		// Long enough that all 75 first requests are still being served when the last of them arrives.
		sandbox.faults.set('/api/v1/users', { latencyMs: 1500 });
		const items = userItems(sandbox, 100);
		const output = await runOperation(sandbox, 'user', 'get', { ...getUser, requestOptions: { concurrency: 100 } }, { items });
		expect(output).toHaveLength(100);
		expect(maxOverlap(sandbox)).toBe(75);
		expect(sandbox.rateLimiter.rejected.concurrency).toBe(0);
	});

	it('waits out 429s and retries, so every item succeeds in order', async () => {
		sandbox.faults.set('/api/v1/users', { rateLimitStorm: { count: 3 } });
		const items = userItems(sandbox, 8);
		const output = await runOperation(sandbox, 'user', 'get', { ...getUser, requestOptions: { concurrency: 4 } }, { items, continueOnFail: true });
		expect(sandbox.requestLog.filter((entry) => entry.status === 429)).toHaveLength(3);
		expect(output.map((item) => item.json.error)).toEqual(items.map(() => undefined));
		expect(output.map((item) => item.json.id)).toEqual(items.map((item) => item.json.id));
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
	});
});
