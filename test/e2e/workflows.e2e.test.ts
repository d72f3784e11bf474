import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findLeaks, sandboxSecrets } from './lib/leaks';
import { installPackage, uniqueRunId, type N8nFolder } from './lib/n8n';
import { sandboxCredentials } from './lib/credentials';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';
import { chainWorkflow, locator, type ChainNode } from './lib/workflow';

/**
 * The packed package inside a real, pinned n8n: n8n loads it from .n8n/nodes, imports credentials and
 * workflows, and runs them headlessly (`n8n execute`) against the Okta sandbox running as its own process.
 */

let n8n: N8nFolder;
let sandbox: SandboxProcess;
const token = { type: 'oktaDirectoryApiTokenApi', id: 'oktaTokenCred001', name: 'Okta sandbox (API token)' };
const oauth = { type: 'oktaDirectoryOAuth2Api', id: 'oktaOAuthCred0001', name: 'Okta sandbox (OAuth2)' };
const service = { type: 'oktaDirectoryServiceAppApi', id: 'oktaServiceCred01', name: 'Okta sandbox (service app)' };

const sandboxState = async () => await sandbox.state();
const sandboxRequests = async () => await sandbox.requests();

/** Imports and executes a chain, returning each node's output items by node name. */
async function run(name: string, nodes: ChainNode[]): Promise<Record<string, Array<Record<string, any>>>> {
	const { id, workflow } = chainWorkflow(name, nodes);
	await n8n.importWorkflow(workflow);
	const result = await n8n.executeWorkflow(id);
	if (!result.ok || result.error) throw new Error(`workflow "${name}" failed: ${result.error} (log: ${result.log})`);
	return result.items;
}

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('workflows'));
	sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'users:450,devices:3', '--access-token-ttl', '3600']);
	await n8n.importCredentials(
		await sandboxCredentials(sandbox, { token, oauth, service }, {
			oauth: 'okta.users.manage okta.groups.manage okta.devices.manage okta.realms.manage okta.userTypes.manage okta.eventHooks.manage openid profile email offline_access',
			service: 'okta.users.manage okta.groups.manage',
		}),
	);
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

describe('the package inside n8n 2.41.1', () => {
	it('users: create, get, update, lifecycle and two-step delete', async () => {
		const login = `e2e-${randomUUID().slice(0, 8)}@example.com`;
		const output = await run('users', [
			{ name: 'Create', credential: token, parameters: { resource: 'user', operation: 'create', login, email: login, firstName: 'End', lastName: 'ToEnd', additionalFields: { password: 'Passw0rd!e2e' } } },
			{ name: 'Update', credential: token, parameters: { resource: 'user', operation: 'update', userId: locator('={{ $json.id }}'), updateFields: { title: 'Tester' } } },
			{ name: 'Suspend', credential: token, parameters: { resource: 'userLifecycle', operation: 'suspend', userId: locator(login, 'login') } },
			{ name: 'Unsuspend', credential: token, parameters: { resource: 'userLifecycle', operation: 'unsuspend', userId: locator(login, 'login') } },
			{ name: 'Get', credential: token, parameters: { resource: 'user', operation: 'get', userId: locator(login, 'login') } },
			{ name: 'Delete', credential: token, parameters: { resource: 'user', operation: 'delete', userId: locator(login, 'login') } },
		]);
		expect(output.Create[0]).toMatchObject({ status: 'ACTIVE', profile: { login } });
		expect(output.Suspend[0]).toMatchObject({ status: 'SUSPENDED', action: 'suspend' });
		expect(output.Get[0]).toMatchObject({ login, status: 'ACTIVE', title: 'Tester' });
		expect(output.Delete[0]).toMatchObject({ deleted: true });
		const state = await sandboxState();
		expect(state.users.some((user: { profile: { login: string } }) => user.profile.login === login)).toBe(false);
	});

	it('groups and memberships, with Return All over several pages', async () => {
		const name = `E2E ${randomUUID().slice(0, 6)}`;
		const output = await run('groups', [
			{ name: 'Create Group', credential: token, parameters: { resource: 'group', operation: 'create', name } },
			{ name: 'All Users', credential: token, parameters: { resource: 'user', operation: 'getMany', returnAll: true }, executeOnce: true },
			{ name: 'Add', credential: token, parameters: { resource: 'group', operation: 'addUser', groupId: locator(`={{ $('Create Group').first().json.id }}`), userId: locator('={{ $json.id }}'), requestOptions: { concurrency: 10 } } },
			{ name: 'Members', credential: token, parameters: { resource: 'group', operation: 'getMembers', groupId: locator(`={{ $('Create Group').first().json.id }}`), returnAll: true }, executeOnce: true },
			{ name: 'Delete Group', credential: token, parameters: { resource: 'group', operation: 'delete', groupId: locator(`={{ $('Create Group').first().json.id }}`) }, executeOnce: true },
		]);
		const users = output['All Users'];
		expect(users.length).toBeGreaterThanOrEqual(450);
		expect(output.Members).toHaveLength(users.length);
		expect(output['Delete Group'][0]).toMatchObject({ deleted: true });
		const listings = (await sandboxRequests()).filter((entry) => entry.method === 'GET' && entry.path === '/api/v1/users');
		expect(listings.length).toBe(Math.ceil(users.length / 200));
	});

	it('devices, realms and user types', async () => {
		const output = await run('devices, realms, types', [
			{ name: 'Realm', credential: token, parameters: { resource: 'realm', operation: 'create', name: `E2E realm ${randomUUID().slice(0, 4)}` }, executeOnce: true },
			{ name: 'Realm Update', credential: token, parameters: { resource: 'realm', operation: 'update', realmId: locator('={{ $json.id }}'), updateFields: { realmType: 'PARTNER' } } },
			{ name: 'Realm Delete', credential: token, parameters: { resource: 'realm', operation: 'delete', realmId: locator('={{ $json.id }}') } },
			{ name: 'Type', credential: token, parameters: { resource: 'userType', operation: 'create', name: `e2e_${randomUUID().slice(0, 6)}`, displayName: 'E2E' } },
			{ name: 'Type Delete', credential: token, parameters: { resource: 'userType', operation: 'delete', typeId: locator('={{ $json.id }}') } },
			{ name: 'Devices', credential: token, parameters: { resource: 'device', operation: 'getMany', returnAll: true } },
			{ name: 'Suspend Devices', credential: token, parameters: { resource: 'device', operation: 'suspend', deviceId: locator('={{ $json.id }}') } },
		]);
		expect(output.Devices).toHaveLength(3);
		expect(output['Suspend Devices'].map((device) => device.status)).toEqual(['SUSPENDED', 'SUSPENDED', 'SUSPENDED']);
		expect(output['Realm Update'][0]).toMatchObject({ profile: { realmType: 'PARTNER' } });
		expect(output['Realm Delete'][0]).toMatchObject({ deleted: true });
		expect(output['Type Delete'][0]).toMatchObject({ deleted: true });
	});

	it('OAuth2 credential: refreshes an expired token through the sandbox and n8n stores the new one', async () => {
		await fetch(`${sandbox.baseUrl}/__sandbox/expire-tokens`, { method: 'POST' });
		const output = await run('oauth2', [{ name: 'Users', credential: oauth, parameters: { authentication: 'oAuth2', resource: 'user', operation: 'getMany', returnAll: false, limit: 3 } }]);
		expect(output.Users).toHaveLength(3);
		const requests = await sandboxRequests();
		expect(requests.filter((entry) => entry.path === '/oauth2/v1/token').length).toBeGreaterThanOrEqual(1);
	});

	it('service-app credential: private_key_jwt token, fetched by n8n in preAuthentication', async () => {
		const output = await run('service app', [{ name: 'Groups', credential: service, parameters: { authentication: 'serviceApp', resource: 'group', operation: 'getMany', returnAll: false, limit: 2 } }]);
		expect(output.Groups).toHaveLength(1);
	});

	it('a workflow saved with the last release (examples/offboarding.json at c7c8b8c) imports and runs unchanged', async () => {
		// The JSON exactly as that release shipped it: node type, credential type and parameter names as saved then.
		const saved = JSON.parse(readFileSync(join(__dirname, 'fixtures/offboarding.saved-c7c8b8c.json'), 'utf8')) as { nodes: Array<Record<string, any>>; [key: string]: unknown };
		const state = await sandboxState();
		const leaver = state.users.find((user: { status: string }) => user.status === 'ACTIVE') as { id: string; profile: { login: string } };
		const okta = (method: string, path: string, body?: unknown) =>
			fetch(`${sandbox.baseUrl}${path}`, { method, headers: { authorization: `SSWS ${sandbox.apiToken}`, 'content-type': 'application/json', accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
		const group = (await (await okta('POST', '/api/v1/groups', { profile: { name: `Saved ${randomUUID().slice(0, 6)}` } })).json()) as { id: string };
		expect((await okta('PUT', `/api/v1/groups/${group.id}/users/${leaver.id}`)).status).toBe(204);
		// Only what any import changes: the workflow id, the credential picked, and the leaver's login in the Set node.
		for (const node of saved.nodes) {
			if (node.credentials?.oktaDirectoryApiTokenApi) node.credentials.oktaDirectoryApiTokenApi = { id: token.id, name: token.name };
			if (node.name === 'Leaver login') node.parameters.jsonOutput = JSON.stringify({ login: leaver.profile.login });
		}
		const id = 'savedOffboard001';
		await n8n.importWorkflow({ ...saved, id });
		const result = await n8n.executeWorkflow(id);
		expect({ ok: result.ok, error: result.error }).toEqual({ ok: true, error: undefined });
		expect(result.items['Clear sessions'][0]).toMatchObject({ id: leaver.id, action: 'clearSessions' });
		expect(result.items['Remove from group'].some((item) => item.groupId === group.id && item.removed === true)).toBe(true);
		expect(result.items.Deactivate[0]).toMatchObject({ id: leaver.id, deleted: false, status: 'DEPROVISIONED' });
		const after = await sandboxState();
		expect(after.users.find((user: { id: string }) => user.id === leaver.id)).toMatchObject({ status: 'DEPROVISIONED' });
		const members = (await (await okta('GET', `/api/v1/groups/${group.id}/users`)).json()) as Array<{ id: string }>;
		expect(members.map((member) => member.id)).not.toContain(leaver.id);
	});

	it('no secret reaches n8n\'s database, exported workflows or logs: tokens, keys and the tokens issued to n8n', async () => {
		const secrets = await sandboxSecrets(sandbox);
		expect(secrets.filter((secret) => secret.name === 'access token').length).toBeGreaterThanOrEqual(2);
		await expect(findLeaks(n8n, secrets)).resolves.toEqual([]);
	});
});
