import { installPackage, startN8n, stopN8n, uniqueRunId, type N8nFolder, type N8nServer } from './lib/n8n';
import { waitFor as poll } from './lib/processes';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';

/**
 * The Okta System Log Trigger in a running n8n 2.41: the workflow's activation poll starts at "now" (an earlier
 * event never runs), each later event becomes part of exactly one execution over several minute polls and an n8n
 * restart (the restart's activation poll resumes from the cursor n8n stored in static data).
 * n8n's shortest poll interval is one minute (n8n-core active-workflow-triggers.js: "The polling interval is
 * too short. It has to be at least a minute."), so this spec takes a few minutes by design.
 */

let n8n: N8nFolder;
let sandbox: SandboxProcess;
let server: N8nServer | undefined;
const credential = { type: 'oktaDirectoryApiTokenApi', id: 'oktaTokenLogs001', name: 'Okta sandbox (API token)' };
const workflowId = 'oktaSystemLogE2E1';
/** n8n start can take minutes on a loaded machine (its SQLite pings time out); the polls themselves are timed by n8n. */
const START_TIMEOUT_MS = 300_000;
const TEST_TIMEOUT_MS = 600_000;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 150_000): Promise<T> {
	return await poll(what, probe, { timeoutMs, intervalMs: 1000, hint: `logs: ${n8n.logs}`, abort: () => (server && !server.process.running() ? 'n8n start exited' : undefined) });
}

const executions = async () => await server!.executions(workflowId);

/** Each saved execution's stored data, as text (n8n keeps it flattened): enough to find event uuids in. */
async function executionTexts(): Promise<string[]> {
	const saved = await executions();
	return await Promise.all(saved.map(async (execution) => JSON.stringify(await server!.rest('GET', `/rest/executions/${execution.id}`))));
}

async function createUser(login: string): Promise<void> {
	const response = await sandbox.api('POST', '/api/v1/users?activate=false', { profile: { login, email: login, firstName: 'Log', lastName: 'Poll' } });
	expect(response.status).toBe(200);
}

const loggedCreates = async () => await sandbox.loggedUuids('user.lifecycle.create');

const logPolls = async () => (await sandbox.requests<Array<{ path: string; status: number }>>()).filter((entry) => entry.path === '/api/v1/logs');

async function waitForExecutions(count: number): Promise<void> {
	await waitFor(`${count} executions`, async () => ((await executions()).length >= count ? true : undefined));
}

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('systemlog'));
	sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'empty']);
	await n8n.importCredentials([{ ...credential, data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } }]);
	await n8n.importWorkflow({
		id: workflowId,
		name: 'Okta System Log e2e',
		nodes: [
			{
				name: 'Okta System Log',
				type: 'n8n-nodes-okta.oktaSystemLogTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, eventTypes: ['user.lifecycle.create'], options: {} },
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	});
	await n8n.publishWorkflow(workflowId);
}, 900_000);

afterAll(async () => {
	await stopN8n(server);
	await sandbox?.stop();
});

describe('Okta System Log Trigger in n8n', () => {
	let before: string[] = [];

	it('starts at "now" when the workflow is activated', async () => {
		await createUser(`before-${Date.now()}@example.com`);
		before = await loggedCreates();
		server = await startN8n(n8n, { owner: true, timeoutMs: START_TIMEOUT_MS });
		await waitFor('the activation poll', async () => ((await logPolls()).some((entry) => entry.status === 200) ? true : undefined), 60_000);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(await executions()).toHaveLength(0);
	}, TEST_TIMEOUT_MS);

	it('runs each new event once on the minute polls', async () => {
		await createUser(`first-${Date.now()}@example.com`);
		await createUser(`second-${Date.now()}@example.com`);
		await waitForExecutions(1);
	}, TEST_TIMEOUT_MS);

	it('resumes after a restart from the stored cursor, without repeating an event', async () => {
		await server!.stop();
		server = undefined;
		await createUser(`while-down-${Date.now()}@example.com`);
		server = await startN8n(n8n, { owner: true, timeoutMs: START_TIMEOUT_MS });
		await waitForExecutions(2);
		await createUser(`after-restart-${Date.now()}@example.com`);
		await waitForExecutions(3);
		// One more minute poll: nothing new, nothing repeated.
		const polls = (await logPolls()).length;
		await waitFor('one more poll', async () => ((await logPolls()).length > polls ? true : undefined), 90_000);
		await new Promise((resolve) => setTimeout(resolve, 3000));

		const saved = await executions();
		expect(saved).toHaveLength(3);
		expect(saved.map((execution) => execution.status)).toEqual(['success', 'success', 'success']);
		const texts = await executionTexts();
		const created = (await loggedCreates()).filter((uuid) => !before.includes(uuid));
		expect(created).toHaveLength(4);
		for (const uuid of created) expect(texts.filter((text) => text.includes(uuid))).toHaveLength(1);
		for (const uuid of before) expect(texts.some((text) => text.includes(uuid))).toBe(false);
		expect((await logPolls()).every((entry) => entry.status === 200)).toBe(true);
	}, TEST_TIMEOUT_MS);
});
