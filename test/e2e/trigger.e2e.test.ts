import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { installPackage, startN8n, stopN8n, uniqueRunId, type N8nFolder, type N8nServer } from './lib/n8n';
import { waitFor as poll } from './lib/processes';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';

/**
 * The Okta Event Hook Trigger in a running n8n: publishing the workflow registers and verifies a hook in the
 * sandbox (which calls n8n's real webhook URL on 127.0.0.1), and API changes in the sandbox become
 * executions that n8n records.
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

describe('Okta Event Hook Trigger in n8n', () => {
	it('registers and verifies its hook when n8n starts the active workflow', async () => {
		server = await startN8n(n8n);
		const hook = await waitFor('a verified hook', async () => (await hooks()).find((entry) => entry.verificationStatus === 'VERIFIED'));
		expect(hook).toMatchObject({ status: 'ACTIVE', events: { items: ['user.lifecycle.create', 'group.user_membership.add'] } });
		expect(hook.channel.config.uri).toBe(`${server.url}/webhook/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d/okta-events`);
		expect(hook.name).toContain('Okta events e2e');
	});

	it('turns user and membership changes made in Okta into executions n8n records', async () => {
		const login = `trigger-e2e-${Date.now()}@example.com`;
		const created = (await (await api('POST', '/api/v1/users?activate=false', { profile: { login, email: login, firstName: 'Tri', lastName: 'Gger' } })).json()) as { id: string };
		const state = await sandbox.state<{ groups: Array<{ id: string; type: string }> }>();
		const group = state.groups.find((entry) => entry.type === 'OKTA_GROUP')!;
		expect((await api('PUT', `/api/v1/groups/${group.id}/users/${created.id}`)).status).toBe(204);
		await sandbox.control('POST', '/flush');
		// The executions are in n8n's database: look for the new user's login in it.
		const folder = join(n8n.userFolder, '.n8n');
		await waitFor('the execution to be saved', async () => {
			const found = readdirSync(folder)
				.filter((file) => file.startsWith('database.sqlite'))
				.some((file) => readFileSync(join(folder, file)).toString('latin1').includes(login));
			return found ? true : undefined;
		}, 30_000);
	});

	it('refuses a forged delivery without starting the workflow', async () => {
		const response = await fetch(`${server!.url}/webhook/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d/okta-events`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'forged' },
			body: JSON.stringify({ data: { events: [{ uuid: 'forged', eventType: 'user.lifecycle.create' }] } }),
		});
		expect(response.status).toBe(401);
	});
});
