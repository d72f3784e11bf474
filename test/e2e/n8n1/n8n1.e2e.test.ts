import { randomUUID } from 'node:crypto';

import { installPackage, startN8n, stopN8n, uniqueRunId, type N8nFolder, type N8nServer } from '../lib/n8n';
import { waitFor } from '../lib/processes';
import { sandboxCredentials, otherEndpointWorkflow } from '../lib/credentials';
import { startSandboxProcess, type SandboxProcess } from '../lib/sandbox';
import { chainWorkflow, exampleDedupeNode, locator, WorkflowBuilder, type ChainNode, type CredentialRef } from '../lib/workflow';

/**
 * The packed package inside n8n 1.123.81 on Node 22 (npm run test:e2e:n8n1): the paths that broke on n8n 1.x
 * (issue 13): Return All over pages, create/update/delete, a 429, a 503 and a dropped connection each retried
 * to success, a refused write failing with Okta's message, OAuth2 refresh, the event-hook trigger's
 * activate/deliver/deactivate with Event › Remove Repeats after it (n8n 1.x's database helper), and n8n's HTTP Request node reaching an endpoint the node does not cover with
 * each of the three credentials. One sandbox and one n8n user folder for the whole spec.
 */

let n8n: N8nFolder;
let sandbox: SandboxProcess;
let server: N8nServer | undefined;
const token: CredentialRef = { type: 'oktaDirectoryApiTokenApi', id: 'oktaTokenN8n1001', name: 'Okta sandbox (API token)' };
const oauth: CredentialRef = { type: 'oktaDirectoryOAuth2Api', id: 'oktaOAuthN8n1001', name: 'Okta sandbox (OAuth2)' };
const service: CredentialRef = { type: 'oktaDirectoryServiceAppApi', id: 'oktaServN8n10001', name: 'Okta sandbox (service app)' };
const triggerId = 'oktaTriggerN8n11';

async function run(name: string, nodes: ChainNode[]) {
	const { id, workflow } = chainWorkflow(name, nodes);
	await n8n.importWorkflow(workflow);
	return await n8n.executeWorkflow(id);
}

async function runOk(name: string, nodes: ChainNode[]) {
	const result = await run(name, nodes);
	if (!result.ok || result.error) throw new Error(`workflow "${name}" failed: ${result.error} (log: ${result.log})`);
	return result.items;
}

async function fault(route: string, spec: Record<string, unknown>): Promise<void> {
	await sandbox.control('POST', '/faults', { route, spec });
}

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('n8n1'));
	sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'users:450,devices:3', '--access-token-ttl', '3600']);
	await n8n.importCredentials(
		await sandboxCredentials(sandbox, { token, oauth, service }, {
			oauth: 'okta.users.manage okta.groups.manage okta.devices.manage okta.eventHooks.manage offline_access',
			service: 'okta.users.manage okta.groups.manage okta.eventHooks.manage',
		}),
	);
}, 1_800_000);

afterAll(async () => {
	await stopN8n(server);
	await sandbox?.stop();
});

describe('the package inside n8n 1.123.81 (Node 22)', () => {
	it('Return All over several pages; create, update and delete', async () => {
		const login = `n8n1-${randomUUID().slice(0, 8)}@example.com`;
		const output = await runOk('crud', [
			{ name: 'All Users', credential: token, parameters: { resource: 'user', operation: 'getMany', returnAll: true }, executeOnce: true },
			{ name: 'Create', credential: token, parameters: { resource: 'user', operation: 'create', login, email: login, firstName: 'One', lastName: 'Ex' }, executeOnce: true },
			{ name: 'Update', credential: token, parameters: { resource: 'user', operation: 'update', userId: locator('={{ $json.id }}'), updateFields: { title: 'Tester' } } },
			{ name: 'Delete', credential: token, parameters: { resource: 'user', operation: 'delete', userId: locator(login, 'login') } },
		]);
		const requests = await sandbox.requests();
		const listings = requests.filter((entry) => entry.method === 'GET' && entry.path === '/api/v1/users');
		expect(output['All Users'].length).toBeGreaterThanOrEqual(450);
		expect(listings.length).toBe(Math.ceil(output['All Users'].length / 200));
		expect(output.Update[0]).toMatchObject({ profile: { login, title: 'Tester' } });
		expect(output.Delete[0]).toMatchObject({ deleted: true });
		const state = await sandbox.state<{ users: Array<{ profile: { login: string } }> }>();
		expect(state.users.some((user) => user.profile.login === login)).toBe(false);
	});

	it('retries an injected 429 (until X-Rate-Limit-Reset), a 503 and a dropped connection to success', async () => {
		await sandbox.control('DELETE', '/requests');
		await fault('/api/v1/groups', { rateLimitStorm: { count: 1 } });
		await fault('/api/v1/devices', { errorRate: 1, errorStatus: 503, maxStrikes: 1 });
		await fault('/api/v1/users', { dropRate: 1, maxStrikes: 1 });
		try {
			const output = await runOk('faults', [
				{ name: 'Groups', credential: token, parameters: { resource: 'group', operation: 'getMany', returnAll: true }, executeOnce: true },
				{ name: 'Devices', credential: token, parameters: { resource: 'device', operation: 'getMany', returnAll: true }, executeOnce: true },
				{ name: 'Users', credential: token, parameters: { resource: 'user', operation: 'getMany', returnAll: false, limit: 5 }, executeOnce: true },
			]);
			expect(output.Devices).toHaveLength(3);
			expect(output.Users).toHaveLength(5);
			const log = await sandbox.requests();
			for (const [path, kind] of [['/api/v1/groups', 'rateLimit'], ['/api/v1/devices', 'error'], ['/api/v1/users', 'drop']] as const) {
				const calls = log.filter((entry) => entry.path === path);
				expect(calls.map((entry) => entry.fault ?? entry.status)).toEqual([kind, 200]);
			}
			// The sandbox's 429 says X-Rate-Limit-Reset = ceil(now in s) + 1: the retry comes no earlier.
			const [limited, retried] = log.filter((entry) => entry.path === '/api/v1/groups');
			expect(retried.time).toBeGreaterThanOrEqual((Math.ceil(limited.time / 1000) + 1) * 1000 - 50);
		} finally {
			await sandbox.control('DELETE', '/faults');
		}
	});

	it('fails a refused write with Okta\'s message', async () => {
		const state = await sandbox.state<{ users: Array<{ profile: { login: string } }> }>();
		const taken = state.users[0].profile.login;
		const result = await run('refused', [
			{ name: 'Create', credential: token, parameters: { resource: 'user', operation: 'create', login: taken, email: taken, firstName: 'Du', lastName: 'Plicate' } },
		]);
		expect(result.ok).toBe(false);
		expect(result.error).toContain('login: An object with this field already exists in the current organization');
		expect(result.error).toContain('[HTTP 400, E0000001]');
	});

	it('OAuth2: refreshes an expired token and goes on', async () => {
		await sandbox.control('POST', '/expire-tokens');
		await sandbox.control('DELETE', '/requests');
		const output = await runOk('oauth2', [{ name: 'Users', credential: oauth, parameters: { authentication: 'oAuth2', resource: 'user', operation: 'getMany', returnAll: false, limit: 3 } }]);
		expect(output.Users).toHaveLength(3);
		const calls = (await sandbox.requests()).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
		expect(calls).toEqual(['GET /api/v1/users 401', 'GET /api/v1/users 401', 'POST /oauth2/v1/token 200', 'GET /api/v1/users 200']);
	});

	it('any other Okta endpoint: the HTTP Request node with each credential (Predefined Credential Type)', async () => {
		const { id, workflow } = otherEndpointWorkflow('other endpoint', sandbox.baseUrl, '/api/v1/eventHooks', [token, oauth, service]);
		await n8n.importWorkflow(workflow);
		await sandbox.control('DELETE', '/requests');
		const result = await n8n.executeWorkflow(id);
		if (!result.ok) throw new Error(`${result.error} (log: ${result.log})`);
		const calls = (await sandbox.requests()).filter((entry) => entry.path === '/api/v1/eventHooks');
		expect(calls.map((entry) => [entry.status, entry.headers.authorization?.split(' ')[0]])).toEqual([
			[200, 'SSWS'],
			[200, 'Bearer'],
			// The service app's DPoP switch is on by default: a DPoP-bound token with a proof, on n8n 1.x too.
			[200, 'DPoP'],
		]);
	});

	it('event-hook trigger: activating registers and verifies the hook, deliveries run once through Remove Repeats, deactivating removes it', async () => {
		const dedupe = exampleDedupeNode() as { name: string; parameters: Record<string, unknown>; typeVersion: number };
		// The trigger's own in-process de-duplication is off, so the replay below reaches Remove Repeats.
		const { workflow } = new WorkflowBuilder('Okta events n8n1', { id: triggerId })
			.oktaTrigger('Okta Events', { events: ['user.lifecycle.create'], options: { deduplicate: false } }, token)
			.node(dedupe.name, 'n8n-nodes-okta.oktaDirectory', dedupe.parameters, { typeVersion: dedupe.typeVersion })
			.okta('Read user', { resource: 'user', operation: 'get', userId: locator("={{ $json.target.find((target) => target.type === 'User').id }}") }, token)
			.chain('Okta Events', dedupe.name, 'Read user')
			.build();
		await n8n.importWorkflow(workflow);
		await n8n.cli(['update:workflow', `--id=${triggerId}`, '--active=true']);
		server = await startN8n(n8n, { owner: true });
		const hooks = async () => (await sandbox.state<{ eventHooks: Array<Record<string, any>> }>()).eventHooks;
		const hook = await waitFor('a verified hook', async () => (await hooks()).find((entry) => entry.verificationStatus === 'VERIFIED'), { timeoutMs: 60_000, intervalMs: 500 });
		const login = `n8n1-trigger-${Date.now()}@example.com`;
		expect((await sandbox.api('POST', '/api/v1/users?activate=false', { profile: { login, email: login, firstName: 'Tri', lastName: 'Gger' } })).status).toBe(200);
		await sandbox.control('POST', '/flush');
		const executions = async () => await server!.executions(triggerId);
		const finished = async () => {
			const list = await executions();
			return list.length > 0 && list.every((execution) => !['new', 'running'].includes(execution.status)) ? list : undefined;
		};
		const saved = await waitFor('a finished execution', finished, { timeoutMs: 60_000, intervalMs: 500 });
		expect(saved.map((execution) => execution.status)).toEqual(['success']);
		// Okta's redelivery of the same events: a second execution, stopped by Remove Repeats before the action.
		expect((await sandbox.control<{ status: number }>('POST', '/deliveries/replay-last')).status).toBe(200);
		const again = await waitFor('the replay\'s finished execution', async () => ((await finished())?.length === 2 ? await finished() : undefined), { timeoutMs: 60_000, intervalMs: 500 });
		expect(again.map((execution) => execution.status)).toEqual(['success', 'success']);
		const reads = (await sandbox.requests()).filter((entry) => entry.method === 'GET' && /^\/api\/v1\/users\/[^/]+$/.test(entry.path));
		expect(reads).toHaveLength(1);
		const current = await server.rest<{ versionId: string }>('GET', `/rest/workflows/${triggerId}`);
		await server.rest('PATCH', `/rest/workflows/${triggerId}`, { active: false, versionId: current.versionId });
		await waitFor('the hook to be removed', async () => ((await hooks()).length === 0 ? true : undefined), { timeoutMs: 30_000, intervalMs: 500 });
		const calls = (await sandbox.requests()).filter((entry) => entry.path.startsWith(`/api/v1/eventHooks/${String(hook.id)}`)).map((entry) => `${entry.method} ${entry.path.replace(String(hook.id), '{id}')}`);
		expect(calls).toEqual(expect.arrayContaining(['POST /api/v1/eventHooks/{id}/lifecycle/verify', 'POST /api/v1/eventHooks/{id}/lifecycle/deactivate', 'DELETE /api/v1/eventHooks/{id}']));
	});
});
