import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { findLeaks, sandboxSecrets } from './lib/leaks';
import { installPackage, startN8n, stopN8n, uniqueRunId, type ExecutionSummary, type N8nFolder, type N8nServer } from './lib/n8n';
import { waitFor as poll } from './lib/processes';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';
import { exampleDedupeNode } from './lib/workflow';

/**
 * The Okta Event Hook Trigger in a running n8n: publishing the workflow registers and verifies a hook in the
 * sandbox (which calls n8n's real webhook URL on 127.0.0.1), API changes in the sandbox become executions
 * that n8n records, a replayed delivery starts nothing new, abusive requests get 4xx without hurting n8n, and
 * deactivating the workflow removes the hook.
 */

let n8n: N8nFolder;
let sandbox: SandboxProcess;
let server: N8nServer | undefined;
const credential = { type: 'oktaDirectoryApiTokenApi', id: 'oktaTokenTrig001', name: 'Okta sandbox (API token)' };
const workflowId = 'oktaTriggerE2E01';

const api = async (method: string, path: string, body?: unknown) => await sandbox.api(method, path, body);

async function hooks(): Promise<Array<Record<string, any>>> {
	return (await sandbox.state<{ eventHooks: Array<Record<string, any>> }>()).eventHooks;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	return await poll(what, probe, { timeoutMs, intervalMs: 500, hint: `logs: ${n8n.logs}`, abort: () => (server && !server.process.running() ? 'n8n start exited' : undefined) });
}

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('trigger'));
	sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'demo']);
	await n8n.importCredentials([{ ...credential, data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } }]);
	await n8n.importWorkflow({
		id: workflowId,
		name: 'Okta events e2e',
		nodes: [
			{
				name: 'Okta Events',
				type: 'n8n-nodes-okta.oktaEventHookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
				parameters: { events: ['user.lifecycle.create', 'group.user_membership.add'], options: {} },
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			},
			// The pattern the README and examples/event-triggered.json ship: de-duplication in n8n's database,
			// which survives restarts and is shared by every process, then the action.
			{ ...exampleDedupeNode(), position: [220, 0] },
			{
				name: 'Read user',
				type: 'n8n-nodes-okta.oktaDirectory',
				typeVersion: 1,
				position: [440, 0],
				parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: "={{ $json.target.find((target) => target.type === 'User').id }}" } },
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			'Okta Events': { main: [[{ node: exampleDedupeNode().name, type: 'main', index: 0 }]] },
			[exampleDedupeNode().name]: { main: [[{ node: 'Read user', type: 'main', index: 0 }]] },
		},
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	});
	await n8n.publishWorkflow(workflowId);
}, 900_000);

afterAll(async () => {
	await stopN8n(server);
	await sandbox?.stop();
});

const webhookPath = '/webhook/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d/okta-events';

/** The executions n8n saved for the trigger workflow, through its REST API as the owner. */
const executions = async () => await server!.executions(workflowId);

/** Waits until n8n has saved `count` executions, then a little longer to be sure no more arrive. */
async function expectExecutions(count: number): Promise<ExecutionSummary[]> {
	await waitFor(`${count} executions`, async () => ((await executions()).length >= count ? true : undefined), 30_000);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const saved = await executions();
	expect(saved).toHaveLength(count);
	return saved;
}

/** Runs `query` on n8n's SQLite database with node:sqlite, and closes it. */
function withDatabase<T>(query: (database: DatabaseSync) => T, readOnly = true): T {
	const database = new DatabaseSync(join(n8n.userFolder, '.n8n', 'database.sqlite'), { readOnly });
	try {
		database.exec('PRAGMA busy_timeout = 10000');
		return query(database);
	} finally {
		database.close();
	}
}

/** The trigger node's static data as n8n saved it (read while n8n is stopped). */
function savedStaticData(): { hooks?: Array<{ id: string }> } {
	const row = withDatabase((database) => database.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(workflowId)) as { staticData: string | null } | undefined;
	const all = JSON.parse(row?.staticData ?? '{}') as Record<string, unknown>;
	return (all['node:Okta Events'] ?? {}) as { hooks?: Array<{ id: string }> };
}

/** How many event uuids Remove Repeats keeps in n8n's processed_data table for the workflow. */
function historyEntries(): number {
	const row = withDatabase((database) => database.prepare('SELECT value FROM processed_data WHERE workflowId = ?').get(workflowId)) as { value: string } | undefined;
	return row ? (JSON.parse(row.value) as { data: string[] }).data.length : 0;
}

/** What Remove Duplicates' Clear Deduplication History does to the same table (deduplication-helper.js): delete the history row. */
function clearHistory(): number {
	return withDatabase((database) => Number(database.prepare('DELETE FROM processed_data WHERE workflowId = ?').run(workflowId).changes), false);
}

async function createUser(login: string): Promise<string> {
	const response = await api('POST', '/api/v1/users?activate=false', { profile: { login, email: login, firstName: 'Tri', lastName: 'Gger' } });
	expect(response.status).toBe(200);
	return ((await response.json()) as { id: string }).id;
}

describe('Okta Event Hook Trigger in n8n', () => {
	let hookId: string;
	/** Executions saved so far (the user and membership events may come in one delivery or two). */
	let baseline = 0;

	it('registers and verifies its hook when n8n starts the active workflow', async () => {
		server = await startN8n(n8n, { owner: true, timeoutMs: 300_000 });
		const hook = await waitFor('a verified hook', async () => (await hooks()).find((entry) => entry.verificationStatus === 'VERIFIED'));
		expect(hook).toMatchObject({ status: 'ACTIVE', events: { items: ['user.lifecycle.create', 'group.user_membership.add'] } });
		expect(hook.channel.config.uri).toBe(`${server.url}${webhookPath}`);
		expect(hook.name).toContain('Okta events e2e');
		hookId = hook.id;
	});

	// Okta sends deliveries concurrently. n8n's own de-duplication reads its history row, then inserts or rewrites
	// it, with no lock (deduplication-helper.js): n8n's Remove Duplicates node, fed two first deliveries at once,
	// failed one insert on the (workflowId, context) key in CI and lost the event, and overlapping executions
	// overwrote each other's uuids (it kept 3 or 4 of 6 here). Remove Repeats queues its writes in the process.
	it('runs every one of several deliveries that arrive at once, also right after the history was cleared', async () => {
		const { users } = await sandbox.state<{ users: Array<{ id: string }> }>();
		const burst = async (targets: Array<{ id: string }>) => {
			await sandbox.clearRequests();
			const bodies = targets.map((user) =>
				JSON.stringify({ eventType: 'com.okta.event_hook', data: { events: [{ uuid: randomUUID(), eventType: 'user.lifecycle.create', published: new Date().toISOString(), target: [{ id: user.id, type: 'User' }] }] } }),
			);
			const statuses = await Promise.all(bodies.map(async (body) => (await sandbox.control<{ status: number }>('POST', `/event-hooks/${hookId}/raw-delivery`, { body })).status));
			expect(statuses).toEqual(targets.map(() => 200));
			const saved = await expectExecutions(baseline + targets.length);
			expect(saved.map((execution) => execution.status)).toEqual(saved.map(() => 'success'));
			const reads = (await sandbox.requests()).filter((entry) => entry.method === 'GET' && /^\/api\/v1\/users\/[^/]+$/.test(entry.path)).map((entry) => entry.path);
			expect(reads.sort()).toEqual(targets.map((user) => `/api/v1/users/${user.id}`).sort());
			baseline = saved.length;
		};
		await burst(users.slice(0, 6));
		expect(historyEntries()).toBe(6);
		expect(clearHistory()).toBe(1);
		await burst(users.slice(6, 12));
		expect(historyEntries()).toBe(6);
	});

	it('turns user and membership changes made in Okta into executions n8n records', async () => {
		const login = `trigger-e2e-${Date.now()}@example.com`;
		const userId = await createUser(login);
		const state = await sandbox.state<{ groups: Array<{ id: string; type: string }> }>();
		const group = state.groups.find((entry) => entry.type === 'OKTA_GROUP')!;
		expect((await api('PUT', `/api/v1/groups/${group.id}/users/${userId}`)).status).toBe(204);
		await sandbox.control('POST', '/flush');
		const delivered = (await sandbox.control<Array<{ hookId: string; status: number }>>('GET', '/deliveries')).filter((attempt) => attempt.hookId === hookId);
		expect(delivered.length).toBeGreaterThanOrEqual(1);
		const saved = await expectExecutions(baseline + delivered.length);
		expect(saved.map((execution) => execution.status)).toEqual(saved.map(() => 'success'));
		baseline = saved.length;
		// The events are in n8n's database: look for the new user's login in it.
		const folder = join(n8n.userFolder, '.n8n');
		const inDatabase = readdirSync(folder)
			.filter((file) => file.startsWith('database.sqlite'))
			.some((file) => readFileSync(join(folder, file)).toString('latin1').includes(login));
		expect(inDatabase).toBe(true);
	});

	it('starts nothing for a replayed delivery (Okta delivers at least once)', async () => {
		await sandbox.control('POST', '/duplicate-deliveries', { on: true });
		try {
			await createUser(`trigger-replay-${Date.now()}@example.com`);
			await sandbox.control('POST', '/flush');
		} finally {
			await sandbox.control('POST', '/duplicate-deliveries', { on: false });
		}
		const attempts = await sandbox.control<Array<{ hookId: string; eventIds: string[]; status: number }>>('GET', '/deliveries');
		const last = attempts.filter((attempt) => attempt.hookId === hookId).slice(-2);
		// The very same events were delivered twice, and n8n accepted both (200, so Okta does not retry)...
		expect(last.map((attempt) => attempt.status)).toEqual([200, 200]);
		expect(last[0].eventIds).toEqual(last[1].eventIds);
		// ...but only one of them started the workflow.
		await expectExecutions(++baseline);
		// A redelivery long after the first execution was saved starts nothing either.
		const replayed = await sandbox.control<{ status: number; eventIds: string[] }>('POST', '/deliveries/replay-last');
		expect(replayed.status).toBe(200);
		await expectExecutions(baseline);
	});

	it('after a restart the trigger alone starts the replay again (n8n did not save its static data); Remove Repeats holds it', async () => {
		const userId = await createUser(`trigger-restart-${Date.now()}@example.com`);
		await sandbox.control('POST', '/flush');
		await expectExecutions(++baseline);
		const [delivered] = (await sandbox.control<Array<{ hookId: string; eventIds: string[] }>>('GET', '/deliveries')).filter((attempt) => attempt.hookId === hookId).slice(-1);
		const reads = async () => (await sandbox.requests()).filter((entry) => entry.method === 'GET' && entry.path === `/api/v1/users/${userId}`).length;
		expect(await reads()).toBe(1);
		// Experiment: stop n8n (its memory goes), read what it saved, start it again, and replay the same delivery.
		await stopN8n(server);
		const saved = savedStaticData();
		process.stderr.write(`\ne2e: static data n8n saved for the trigger after a delivery that started the workflow: ${JSON.stringify(saved)}\n`);
		expect(saved.hooks?.map((hook) => hook.id)).toEqual([hookId]);
		expect(JSON.stringify(saved)).not.toContain(delivered.eventIds[0]);
		server = await startN8n(n8n, { owner: true, timeoutMs: 300_000 });
		await waitFor('the hook to be checked again', async () => ((await hooks()).find((entry) => entry.id === hookId && entry.status === 'ACTIVE') ? true : undefined));
		const replayed = await sandbox.control<{ status: number; eventIds: string[] }>('POST', '/deliveries/replay-last');
		expect({ status: replayed.status, eventIds: replayed.eventIds }).toEqual({ status: 200, eventIds: delivered.eventIds });
		// The trigger starts the workflow again; Remove Repeats (database-backed) stops it before the action.
		await expectExecutions(++baseline);
		expect(await reads()).toBe(1);
	});

	it('refuses forged deliveries and odd bodies with 4xx, stays healthy, and starts nothing', async () => {
		const url = `${server!.url}${webhookPath}`;
		const delivery = JSON.stringify({ data: { events: [{ uuid: 'forged-0000', eventType: 'user.lifecycle.create' }] } });
		const nested = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
		const huge = JSON.stringify({ data: { events: [{ uuid: 'huge-0000', eventType: 'user.lifecycle.create', padding: 'x'.repeat(6 * 1024 * 1024) }] } });
		const direct = async (init: RequestInit) => (await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) })).status;
		// Sent by the sandbox with the hook's real secret: what n8n does with the body itself.
		const authenticated = async (body: string, contentType = 'application/json') =>
			(await sandbox.control<{ status: number | string }>('POST', `/event-hooks/${hookId}/raw-delivery`, { body, contentType })).status;
		const tried: Array<[string, number | string, number[]]> = [
			['no secret', await direct({ method: 'POST', headers: { 'content-type': 'application/json' }, body: delivery }), [401]],
			['wrong secret', await direct({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'x'.repeat(43) }, body: delivery }), [401]],
			['short secret', await direct({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'x' }, body: delivery }), [401]],
			['verification GET without a challenge', await direct({ method: 'GET' }), [400]],
			['not JSON (text/plain)', await authenticated('hello', 'text/plain'), [415]],
			['broken JSON', await authenticated('{"data": {"events": [', 'application/json'), [400, 422]],
			['a JSON array', await authenticated('[1,2,3]'), [400]],
			['nested 10,000 levels', await authenticated(nested), [400, 413, 422]],
			['6 MB', await authenticated(huge), [413]],
		];
		process.stderr.write(`\ne2e: trigger abuse in n8n: ${tried.map(([label, status]) => `${label} → ${status}`).join('; ')}\n`);
		for (const [label, status, allowed] of tried) expect({ label, status, ok: allowed.includes(status as number) }).toEqual({ label, status, ok: true });
		const health = Date.now();
		expect((await fetch(`${server!.url}/healthz`, { signal: AbortSignal.timeout(5_000) })).ok).toBe(true);
		expect(Date.now() - health).toBeLessThan(5_000);
		expect(server!.process.running()).toBe(true);
		await expectExecutions(baseline);
		// A genuine delivery after all that still starts the workflow.
		await createUser(`trigger-after-abuse-${Date.now()}@example.com`);
		await sandbox.control('POST', '/flush');
		await expectExecutions(++baseline);
	});

	it('keeps the hook secret and the API token out of n8n\'s database, exported workflows and logs', async () => {
		const secrets = await sandboxSecrets(sandbox);
		expect(secrets.filter((secret) => secret.name === 'event hook secret')).toHaveLength(1);
		await expect(findLeaks(n8n, secrets)).resolves.toEqual([]);
		// The check finds what is there: a planted copy is reported by kind and file, not by value.
		const planted = join(n8n.logs, 'planted.log');
		writeFileSync(planted, `… ${secrets.find((secret) => secret.name === 'event hook secret')!.value} …`);
		try {
			await expect(findLeaks(n8n, secrets)).resolves.toEqual([`event hook secret in ${planted}`]);
		} finally {
			rmSync(planted);
		}
	});

	it('leaves no hook in Okta once the workflow is deactivated', async () => {
		await server!.rest('POST', `/rest/workflows/${workflowId}/deactivate`, {});
		await waitFor('the hook to be removed', async () => ((await hooks()).length === 0 ? true : undefined), 30_000);
		const calls = (await sandbox.requests()).filter((entry) => entry.path.startsWith(`/api/v1/eventHooks/${hookId}`)).map((entry) => `${entry.method} ${entry.path.replace(hookId, '{id}')}`);
		expect(calls).toEqual(expect.arrayContaining(['POST /api/v1/eventHooks/{id}/lifecycle/deactivate', 'DELETE /api/v1/eventHooks/{id}']));
	});
});
