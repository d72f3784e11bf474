import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { installPackage, N8N_BIN, startN8n, stopN8n, uniqueRunId, type N8nFolder, type N8nServer } from './lib/n8n';
import { freePort, spawnManaged, waitFor, type ManagedProcess } from './lib/processes';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';
import { startPostgres, startRedis, type Postgres, type Service } from './lib/services';
import { exampleDedupeNode, OKTA_LOG_TRIGGER, OKTA_NODE, OKTA_TRIGGER } from './lib/workflow';

/**
 * n8n in queue mode, as larger deployments run it: PostgreSQL and Redis, one main process (editor, REST,
 * activation), two webhook processes (receive Okta's calls) and one worker (runs executions). The hook is
 * registered by main but verified and delivered to the webhook process, and the worker runs both the
 * event-triggered executions and a bulk job: no step depends on the process that registered the hook. The
 * System Log trigger polls on main alone, and the worker runs each polled event in exactly one execution.
 */

let folder: N8nFolder;
let sandbox: SandboxProcess;
let redis: Service | undefined;
let postgres: Postgres | undefined;
let main: N8nServer | undefined;
let worker: ManagedProcess | undefined;
let webhook: ManagedProcess | undefined;
let webhookUrl: string;
/** A second webhook process behind the same public URL (as behind a load balancer); Okta's hook points at the first. */
let webhook2: ManagedProcess | undefined;
let webhook2Url: string;
const phases: Array<[string, number]> = [];
const BULK_ITEMS = 200;
const BULK_PREFIX = `queue-bulk-${Date.now().toString(36)}`;

async function timed<T>(phase: string, body: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await body();
	} finally {
		phases.push([phase, Date.now() - started]);
	}
}

async function healthy(url: string, process: ManagedProcess, what: string): Promise<void> {
	await waitFor(`${what} (${url})`, async () => ((await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok ? true : undefined), {
		timeoutMs: 120_000,
		intervalMs: 500,
		hint: `log: ${process.log}`,
		abort: () => (process.running() ? undefined : `${what} exited`),
	});
}

const executionsOf = async (workflowId: string) => await main!.executions(workflowId);

const workerLog = () => readFileSync(worker!.log, 'utf8');

async function createWorkflow(body: Record<string, unknown>): Promise<{ id: string; versionId: string }> {
	return await main!.rest<{ id: string; versionId: string }>('POST', '/rest/workflows', { settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' }, connections: {}, ...body });
}

async function activate(workflow: { id: string; versionId: string }): Promise<void> {
	const activated = await main!.rest<Record<string, unknown>>('POST', `/rest/workflows/${workflow.id}/activate`, { versionId: workflow.versionId });
	expect(activated).toMatchObject({ active: true, activeVersionId: workflow.versionId });
}

beforeAll(async () => {
	await timed('start PostgreSQL, Redis, sandbox, n8n main, worker and webhook processes', async () => {
		folder = await installPackage(uniqueRunId('queue'));
		[sandbox, redis, postgres] = await Promise.all([
			startSandboxProcess(folder.logs, ['--seed', 'demo']),
			startRedis(join(folder.dir, 'redis'), folder.logs),
			startPostgres(join(folder.dir, 'postgres'), folder.logs),
		]);
		const webhookPort = await freePort();
		webhookUrl = `http://127.0.0.1:${webhookPort}`;
		const queueEnv: NodeJS.ProcessEnv = {
			...folder.env,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			// Okta is given the webhook processes' address (in production: their load balancer).
			WEBHOOK_URL: `${webhookUrl}/`,
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		};
		// Main first: it creates the schema the other two use.
		main = await startN8n({ ...folder, env: queueEnv }, { owner: true, timeoutMs: 180_000 });
		const workerHealth = await freePort();
		worker = spawnManaged('n8n worker', N8N_BIN, ['worker', '--concurrency=5'], {
			cwd: folder.dir,
			env: { ...queueEnv, N8N_PORT: String(await freePort()), N8N_RUNNERS_BROKER_PORT: String(await freePort()), QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(workerHealth), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
			log: join(folder.logs, 'n8n-worker.log'),
		});
		webhook = spawnManaged('n8n webhook', N8N_BIN, ['webhook'], {
			cwd: folder.dir,
			env: { ...queueEnv, N8N_PORT: String(webhookPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
			log: join(folder.logs, 'n8n-webhook.log'),
		});
		const webhook2Port = await freePort();
		webhook2Url = `http://127.0.0.1:${webhook2Port}`;
		webhook2 = spawnManaged('n8n webhook 2', N8N_BIN, ['webhook'], {
			cwd: folder.dir,
			env: { ...queueEnv, N8N_PORT: String(webhook2Port), N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
			log: join(folder.logs, 'n8n-webhook-2.log'),
		});
		await Promise.all([
			healthy(`http://127.0.0.1:${workerHealth}/healthz`, worker, 'the worker'),
			healthy(`${webhookUrl}/healthz`, webhook, 'the webhook process'),
			healthy(`${webhook2Url}/healthz`, webhook2, 'the second webhook process'),
		]);
	});
}, 900_000);

afterAll(async () => {
	process.stderr.write(`\ne2e: queue mode phases: ${phases.map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join('; ')}\n`);
	await Promise.all([webhook?.stop(20_000), webhook2?.stop(20_000), worker?.stop(20_000)]);
	await stopN8n(main);
	await Promise.all([sandbox?.stop(), redis?.stop(), postgres?.stop()]);
});

describe('n8n in queue mode (PostgreSQL, Redis; main, worker and webhook processes)', () => {
	let credential: { id: string; name: string };
	let trigger: { id: string; versionId: string };
	const webhookId = randomUUID();

	it('main registers the hook; Okta verifies it against the webhook process', async () => {
		await timed('register and verify the hook', async () => {
			credential = await main!.rest<{ id: string; name: string }>('POST', '/rest/credentials', {
				name: 'Okta sandbox (API token)',
				type: 'oktaDirectoryApiTokenApi',
				data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken },
			});
			trigger = await createWorkflow({
				name: 'Okta events (queue mode)',
				nodes: [
					{
						id: randomUUID(),
						name: 'Okta Events',
						type: OKTA_TRIGGER,
						typeVersion: 1,
						position: [0, 0],
						webhookId,
						parameters: { events: ['user.lifecycle.create', 'group.user_membership.add'], options: {} },
						credentials: { oktaDirectoryApiTokenApi: { id: credential.id, name: credential.name } },
					},
					// As examples/event-triggered.json: Remove Repeats, de-duplication in n8n's database shared by every process.
					{ ...exampleDedupeNode(), id: randomUUID(), position: [220, 0] },
					{
						id: randomUUID(),
						name: 'Read user',
						type: OKTA_NODE,
						typeVersion: 1,
						position: [440, 0],
						parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: "={{ $json.target.find((target) => target.type === 'User').id }}" } },
						credentials: { oktaDirectoryApiTokenApi: { id: credential.id, name: credential.name } },
					},
				],
				connections: {
					'Okta Events': { main: [[{ node: exampleDedupeNode().name, type: 'main', index: 0 }]] },
					[exampleDedupeNode().name]: { main: [[{ node: 'Read user', type: 'main', index: 0 }]] },
				},
			});
			await activate(trigger);
			await waitFor('a verified hook', async () => ((await sandbox.state<{ eventHooks: Array<Record<string, any>> }>()).eventHooks.some((hook) => hook.verificationStatus === 'VERIFIED') ? true : undefined), {
				timeoutMs: 60_000,
				intervalMs: 500,
				hint: `logs: ${folder.logs}`,
			});
		});
		const hooks = (await sandbox.state<{ eventHooks: Array<Record<string, any>> }>()).eventHooks;
		expect(hooks).toHaveLength(1);
		expect(hooks[0]).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED' });
		// Only the webhook process listens there: main (another port) registered it, the webhook process answered the challenge.
		expect(hooks[0].channel.config.uri).toBe(`${webhookUrl}/webhook/${webhookId}/okta-events`);
		expect(main!.url).not.toBe(webhookUrl);
	});

	let logWorkflow: { id: string; versionId: string };
	/** user.lifecycle.create events already in the System Log when the polling workflow was activated. */
	let loggedBeforePolling: string[] = [];
	const loggedCreates = async () => await sandbox.loggedUuids('user.lifecycle.create');
	/** The trigger's polls: polling queries have no `until` (the test's own reads of the log have one). */
	const logPolls = async () =>
		(await sandbox.requests<Array<{ path: string; time: number; status: number; query: Record<string, unknown> }>>()).filter((entry) => entry.path === '/api/v1/logs' && entry.query.until === undefined);

	it('main activates the System Log trigger and makes its first poll', async () => {
		loggedBeforePolling = await loggedCreates();
		logWorkflow = await createWorkflow({
			name: 'Okta System Log (queue mode)',
			nodes: [
				{
					id: randomUUID(),
					name: 'Okta System Log',
					type: OKTA_LOG_TRIGGER,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, eventTypes: ['user.lifecycle.create'], options: {} },
					credentials: { oktaDirectoryApiTokenApi: { id: credential.id, name: credential.name } },
				},
			],
		});
		await activate(logWorkflow);
		await waitFor('the activation poll', async () => ((await logPolls()).some((entry) => entry.status === 200) ? true : undefined), { timeoutMs: 60_000, intervalMs: 500, hint: `logs: ${folder.logs}` });
	});

	it('deliveries reach the webhook process and the worker runs the executions', async () => {
		const login = `queue-trigger-${Date.now()}@example.com`;
		const executions = await timed('deliver events and run them on the worker', async () => {
			const response = await sandbox.api('POST', '/api/v1/users?activate=false', { profile: { login, email: login, firstName: 'Queue', lastName: 'Mode' } });
			expect(response.status).toBe(200);
			await sandbox.control('POST', '/flush');
			const attempts = await sandbox.control<Array<{ status: number; uri: string }>>('GET', '/deliveries');
			expect(attempts.map((attempt) => [attempt.uri.startsWith(webhookUrl), attempt.status])).toEqual([[true, 200]]);
			return await waitFor('the event execution', async () => {
				const found = await executionsOf(trigger.id);
				return found.length >= 1 && found.every((execution) => execution.status === 'success') ? found : undefined;
			}, { timeoutMs: 60_000, intervalMs: 500, hint: `logs: ${folder.logs}` });
		});
		expect(executions).toHaveLength(1);
		expect(workerLog()).toContain(`Worker started execution ${executions[0].id}`);
		const data = await main!.rest<{ data: string }>('GET', `/rest/executions/${executions[0].id}`);
		expect(JSON.stringify(data)).toContain(login);
	});

	it('one event delivered to each of two webhook processes runs the action after Remove Repeats once', async () => {
		const users = (await sandbox.state<{ users: Array<{ id: string; profile: { login: string } }> }>()).users;
		const user = users[users.length - 1];
		const reads = async () => (await sandbox.requests()).filter((entry) => entry.method === 'GET' && entry.path === `/api/v1/users/${user.id}`).length;
		const readsBefore = await reads();
		const before = (await executionsOf(trigger.id)).length;
		const { hookSecrets } = await sandbox.control<{ hookSecrets: string[] }>('GET', '/issued-secrets');
		const uuid = randomUUID();
		// The same delivery twice, as Okta's at-least-once redelivery reaching the other process behind the load balancer.
		const body = JSON.stringify({
			eventType: 'com.okta.event_hook',
			data: { events: [{ uuid, eventType: 'user.lifecycle.create', published: new Date().toISOString(), target: [{ id: user.id, type: 'User', alternateId: user.profile.login }] }] },
		});
		const finished = async (count: number) =>
			await waitFor(`${count} finished executions`, async () => {
				const found = await executionsOf(trigger.id);
				return found.length >= count && found.every((execution) => execution.status === 'success') ? found : undefined;
			}, { timeoutMs: 60_000, intervalMs: 500, hint: `logs: ${folder.logs}` });
		const statuses: number[] = [];
		await timed('deliver one event to each webhook process', async () => {
			for (const [index, base] of [webhookUrl, webhook2Url].entries()) {
				const response = await fetch(`${base}/webhook/${webhookId}/okta-events`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: hookSecrets[hookSecrets.length - 1] },
					body,
					signal: AbortSignal.timeout(30_000),
				});
				statuses.push(response.status);
				await finished(before + index + 1);
			}
		});
		// Each process accepted it and started an execution (their in-memory de-duplication is per process)...
		expect(statuses).toEqual([200, 200]);
		expect(await executionsOf(trigger.id)).toHaveLength(before + 2);
		// ...and Remove Repeats, backed by PostgreSQL, let only the first reach the action.
		expect((await reads()) - readsBefore).toBe(1);
	});

	it('six deliveries at once, split over both webhook processes: each action runs once and the history keeps all six', async () => {
		const users = (await sandbox.state<{ users: Array<{ id: string }> }>()).users.slice(0, 6);
		const history = () => {
			const rows = postgres!.query(`SELECT value FROM processed_data WHERE "workflowId" = '${trigger.id}'`);
			return rows.length === 0 ? 0 : (JSON.parse(rows[0]) as { data: string[] }).data.length;
		};
		const kept = history();
		const before = (await executionsOf(trigger.id)).length;
		const { hookSecrets } = await sandbox.control<{ hookSecrets: string[] }>('GET', '/issued-secrets');
		await sandbox.clearRequests();
		const statuses = await Promise.all(
			users.map(async (user, index) => {
				const body = JSON.stringify({ eventType: 'com.okta.event_hook', data: { events: [{ uuid: randomUUID(), eventType: 'user.lifecycle.create', published: new Date().toISOString(), target: [{ id: user.id, type: 'User' }] }] } });
				const response = await fetch(`${[webhookUrl, webhook2Url][index % 2]}/webhook/${webhookId}/okta-events`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: hookSecrets[hookSecrets.length - 1] },
					body,
					signal: AbortSignal.timeout(30_000),
				});
				return response.status;
			}),
		);
		expect(statuses).toEqual(users.map(() => 200));
		const executions = await waitFor('six more finished executions', async () => {
			const found = await executionsOf(trigger.id);
			return found.length >= before + users.length && found.every((execution) => !['new', 'running', 'waiting'].includes(execution.status)) ? found : undefined;
		}, { timeoutMs: 60_000, intervalMs: 500, hint: `logs: ${folder.logs}` });
		expect(executions.map((execution) => execution.status)).toEqual(executions.map(() => 'success'));
		const reads = (await sandbox.requests()).filter((entry) => entry.method === 'GET' && /^\/api\/v1\/users\/[^/]+$/.test(entry.path)).map((entry) => entry.path);
		expect(reads.sort()).toEqual(users.map((user) => `/api/v1/users/${user.id}`).sort());
		// The one worker ran all six; Remove Repeats queued their writes, so none overwrote another's uuid.
		expect(history() - kept).toBe(users.length);
	});

	it('a bulk job started through the webhook process runs on the worker: every user created once, added and deleted', async () => {
		const bulk = await createWorkflow({
			name: 'Okta bulk job (queue mode)',
			nodes: [
				{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: 'okta-bulk', responseMode: 'onReceived', options: {} } },
				{
					id: randomUUID(),
					name: 'Items',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [200, 0],
					parameters: { jsCode: `const { prefix, count } = $('Start').first().json.body;\nreturn Array.from({ length: count }, (_, index) => ({ json: { login: \`\${prefix}-\${index}@example.com\`, index } }));` },
				},
				...[
					['Create', { resource: 'user', operation: 'create', login: '={{ $json.login }}', email: '={{ $json.login }}', firstName: 'Bulk', lastName: '={{ $json.index }}', activation: 'stage' }],
					['Add to group', { resource: 'group', operation: 'addUser', groupId: { __rl: true, mode: 'id', value: '={{ $("Group").first().json.id }}' }, userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }],
					['Delete', { resource: 'user', operation: 'delete', userId: { __rl: true, mode: 'id', value: '={{ $json.userId }}' }, deleteMode: 'permanent' }],
				].map(([name, parameters], index) => ({
					id: randomUUID(),
					name,
					type: OKTA_NODE,
					typeVersion: 1,
					position: [400 + 200 * index, 0],
					parameters: { authentication: 'apiToken', ...(parameters as object), requestOptions: { concurrency: 10 } },
					credentials: { oktaDirectoryApiTokenApi: { id: credential.id, name: credential.name } },
				})),
				{
					id: randomUUID(),
					name: 'Group',
					type: OKTA_NODE,
					typeVersion: 1,
					position: [400, 200],
					executeOnce: true,
					parameters: { authentication: 'apiToken', resource: 'group', operation: 'create', name: `${BULK_PREFIX} group` },
					credentials: { oktaDirectoryApiTokenApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: {
				Start: { main: [[{ node: 'Group', type: 'main', index: 0 }]] },
				Group: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
				Items: { main: [[{ node: 'Create', type: 'main', index: 0 }]] },
				Create: { main: [[{ node: 'Add to group', type: 'main', index: 0 }]] },
				'Add to group': { main: [[{ node: 'Delete', type: 'main', index: 0 }]] },
			},
		});
		await activate(bulk);
		await sandbox.clearRequests();
		const [execution] = await timed(`bulk job: ${BULK_ITEMS} users created, added, deleted`, async () => {
			// The webhook process may need a moment to see the new workflow after activation.
			await waitFor('the bulk webhook', async () => {
				const response = await fetch(`${webhookUrl}/webhook/okta-bulk`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prefix: BULK_PREFIX, count: BULK_ITEMS }) });
				return response.ok ? true : undefined;
			}, { timeoutMs: 30_000, intervalMs: 1_000 });
			return await waitFor('the bulk execution to finish', async () => {
				const found = await executionsOf(bulk.id);
				return found.length === 1 && !['new', 'running', 'waiting'].includes(found[0].status) ? found : undefined;
			}, { timeoutMs: 240_000, intervalMs: 1_000, hint: `logs: ${folder.logs}` });
		});
		expect(execution.status).toBe('success');
		expect(workerLog()).toContain(`Worker started execution ${execution.id}`);
		const requests = await sandbox.requests<Array<{ method: string; path: string; status: number }>>();
		const creates = requests.filter((entry) => entry.method === 'POST' && entry.path === '/api/v1/users');
		expect(creates).toHaveLength(BULK_ITEMS);
		expect(creates.every((entry) => entry.status === 200)).toBe(true);
		expect(requests.filter((entry) => entry.method === 'PUT' && /^\/api\/v1\/groups\/[^/]+\/users\/[^/]+$/.test(entry.path) && entry.status === 204)).toHaveLength(BULK_ITEMS);
		const state = await sandbox.state<{ users: Array<{ profile: { login: string } }> }>();
		expect(state.users.filter((user) => user.profile.login.startsWith(BULK_PREFIX))).toHaveLength(0);
	});

	it('the System Log trigger ran each new event in exactly one execution, on the worker, polled by main alone', async () => {
		const created = (await loggedCreates()).filter((uuid) => !loggedBeforePolling.includes(uuid));
		expect(created.length).toBeGreaterThan(BULK_ITEMS);
		const texts = async () =>
			await Promise.all((await executionsOf(logWorkflow.id)).map(async (execution) => ({ execution, text: JSON.stringify(await main!.rest('GET', `/rest/executions/${execution.id}`)) })));
		await waitFor('every created user\'s event in a System Log execution', async () => {
			const saved = await texts();
			return created.every((uuid) => saved.some(({ text }) => text.includes(uuid))) ? true : undefined;
		}, { timeoutMs: 150_000, intervalMs: 2_000, hint: `logs: ${folder.logs}` }).catch(async (error: unknown) => {
			const polls = (await logPolls()).map((entry) => `${new Date(entry.time).toISOString()} ${entry.status} ${JSON.stringify(entry.query)}`);
			process.stderr.write(`\ne2e: System Log polls seen: ${polls.join('; ')}; executions: ${JSON.stringify(await executionsOf(logWorkflow.id))}\n`);
			throw error;
		});
		// One more minute poll: nothing new, nothing repeated.
		const polls = (await logPolls()).length;
		await waitFor('one more poll', async () => ((await logPolls()).length > polls ? true : undefined), { timeoutMs: 90_000, intervalMs: 1_000 });
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		const saved = await texts();
		expect(saved.map(({ execution }) => execution.status)).toEqual(saved.map(() => 'success'));
		for (const uuid of created) expect({ uuid, executions: saved.filter(({ text }) => text.includes(uuid)).length }).toEqual({ uuid, executions: 1 });
		for (const { execution } of saved) expect(workerLog()).toContain(`Worker started execution ${execution.id}`);
		// Each minute tick made one request (a poll of fewer than 1,000 events reads one page): one poller, not one per process.
		const times = (await logPolls()).map((entry) => entry.time);
		const gaps = times.slice(1).map((time, index) => time - times[index]);
		process.stderr.write(`\ne2e: queue mode System Log polls since the bulk job: ${times.length}, seconds apart: ${gaps.map((gap) => Math.round(gap / 1000)).join(', ')}\n`);
		expect(times.length).toBeGreaterThanOrEqual(2);
		expect(Math.min(...gaps)).toBeGreaterThan(30_000);
	}, 300_000);

	it('deactivating on main removes the hook', async () => {
		await timed('deactivate and remove the hook', async () => {
			await main!.rest('POST', `/rest/workflows/${trigger.id}/deactivate`, {});
			await waitFor('the hook to be removed', async () => ((await sandbox.state<{ eventHooks: unknown[] }>()).eventHooks.length === 0 ? true : undefined), { timeoutMs: 30_000 });
		});
	});
});
