import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { installPackage, ROOT, uniqueRunId, type N8nFolder } from './lib/n8n';
import { otherEndpointWorkflow, sandboxCredentials } from './lib/credentials';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';
import { chainWorkflow, locator } from './lib/workflow';

/**
 * Joiner and leaver with apps, in a real n8n 2.41.1 (`n8n execute`) against the sandbox's demo seed: a joiner
 * is created, added to a group and given two apps; then examples/offboarding.json runs as shipped (only its
 * credential is filled in) for a leaver who also has a group-granted app directly, and the sandbox state shows
 * the direct assignments gone and the user deactivated.
 * And the way to any Okta endpoint the node does not cover: n8n's HTTP Request node with each credential.
 */

let n8n: N8nFolder;
let sandbox: SandboxProcess;
const token = { type: 'oktaDirectoryApiTokenApi', id: 'oktaTokenCredApps', name: 'Okta Directory API Token' };
const oauth = { type: 'oktaDirectoryOAuth2Api', id: 'oktaOAuthCredApps', name: 'Okta Directory OAuth2' };
const service = { type: 'oktaDirectoryServiceAppApi', id: 'oktaServCredApps1', name: 'Okta Directory service app' };

interface State {
	users: Array<{ id: string; status: string; profile: { login: string } }>;
	groups: Array<{ id: string; profile: { name: string } }>;
	memberships: Record<string, string[]>;
	apps: Array<{ id: string; label: string }>;
	appUsers: Record<string, Record<string, unknown>>;
	appGroups: Record<string, Record<string, unknown>>;
}
const state = async () => (await sandbox.state()) as unknown as State;

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('applications'));
	sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'demo']);
	await n8n.importCredentials(await sandboxCredentials(sandbox, { token, oauth, service }, { oauth: 'okta.apps.read offline_access', service: 'okta.apps.read' }));
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

it('joiner: creates a user, adds them to a group and assigns two apps', async () => {
	const before = await state();
	const appId = (label: string) => before.apps.find((app) => app.label === label)!.id;
	const engineering = before.groups.find((group) => group.profile.name === 'Engineering')!.id;
	const login = `joiner-${randomUUID().slice(0, 8)}@example.com`;
	const { id, workflow } = chainWorkflow('joiner with apps', [
		{ name: 'Create', credential: token, parameters: { resource: 'user', operation: 'create', login, email: login, firstName: 'New', lastName: 'Joiner' } },
		{ name: 'Add to Engineering', credential: token, parameters: { resource: 'group', operation: 'addUser', groupId: locator(engineering), userId: locator('={{ $json.id }}') } },
		{ name: 'Assign Slack', credential: token, parameters: { resource: 'application', operation: 'assignUser', appId: locator(appId('Slack')), userId: locator(login, 'login'), assignmentType: 'provisioning', appProfileJson: '{"role": "member"}' } },
		{ name: 'Assign VPN', credential: token, parameters: { resource: 'application', operation: 'assignUser', appId: locator(appId('Corporate VPN')), userId: locator(login, 'login'), assignmentType: 'sso' } },
		{ name: 'Apps', credential: token, parameters: { resource: 'application', operation: 'getMany', returnAll: true, filters: { user: login } } },
	]);
	await n8n.importWorkflow(workflow);
	const result = await n8n.executeWorkflow(id);
	expect({ ok: result.ok, error: result.error }).toEqual({ ok: true, error: undefined });
	const userId = String(result.items.Create[0].id);
	expect(result.items['Assign Slack'][0]).toMatchObject({ id: userId, scope: 'USER', profile: { role: 'member' }, changed: true });
	expect(result.items.Apps.map((app) => `${String(app.label)}: ${String(app.assignmentScope)}`).sort()).toEqual(['Corporate VPN: USER', 'Jira: GROUP', 'Slack: USER', 'Team Wiki: GROUP']);
	const after = await state();
	expect(after.memberships[engineering]).toContain(userId);
	expect(Object.keys(after.appUsers[appId('Slack')])).toContain(userId);
	expect(after.appUsers[appId('Slack')][userId]).toMatchObject({ profile: { role: 'member' } });
	expect(Object.keys(after.appUsers[appId('Corporate VPN')])).toContain(userId);
});

it('leaver: examples/offboarding.json reports group-granted apps, removes the groups, then every direct assignment (also one a group granted too), then deactivates', async () => {
	const before = await state();
	const leaver = before.users.find((user) => user.profile.login === 'pat.leaver@example.com')!;
	const jira = before.apps.find((app) => app.label === 'Jira')!.id;
	// Pat also gets Jira directly while Engineering grants it: Okta refuses that direct removal until the group is left.
	expect((await sandbox.api('POST', `/api/v1/apps/${jira}/users`, { id: leaver.id, scope: 'USER' })).status).toBe(200);
	const withDual = await state();
	const directBefore = withDual.apps.filter((app) => withDual.appUsers[app.id]?.[leaver.id]).map((app) => app.label);
	expect(directBefore.sort()).toEqual(['Corporate VPN', 'Jira', 'Slack']);
	const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'offboarding.json'), 'utf8')) as { nodes: Array<{ credentials?: Record<string, { id: string; name: string }> }> };
	for (const node of example.nodes) if (node.credentials) node.credentials = { [token.type]: { id: token.id, name: token.name } };
	const id = `offboarding${randomUUID().replace(/-/g, '').slice(0, 5)}`;
	await n8n.importWorkflow({ ...example, id });
	await sandbox.clearRequests();
	const result = await n8n.executeWorkflow(id);
	expect({ ok: result.ok, error: result.error }).toEqual({ ok: true, error: undefined });
	expect(result.items['Granted through a group'].map((item) => item.app)).toEqual(['Team Wiki']);
	expect(result.items['Unassign app'].map((item) => [item.message, item.error])).toEqual([
		['Unassigned', undefined],
		['Unassigned', undefined],
		['Unassigned', undefined],
	]);
	const after = await state();
	expect(after.apps.filter((app) => after.appUsers[app.id]?.[leaver.id]).map((app) => app.label)).toEqual([]);
	expect(after.users.find((user) => user.id === leaver.id)!.status).toBe('DEPROVISIONED');
	const engineering = after.groups.find((group) => group.profile.name === 'Engineering')!.id;
	expect(after.memberships[engineering]).not.toContain(leaver.id);
	// The order of the requests n8n made: group removals, then the direct unassignments, then the deactivation.
	const requests = (await sandbox.requests()) as Array<{ method: string; path: string; status: number }>;
	const indexed = requests.map((entry, index) => ({ ...entry, index }));
	const unassigns = indexed.filter((entry) => entry.method === 'DELETE' && entry.path.startsWith('/api/v1/apps/') && entry.path.includes('/users/'));
	const groupRemovals = indexed.filter((entry) => entry.method === 'DELETE' && entry.path.startsWith('/api/v1/groups/'));
	const deactivation = requests.findIndex((entry) => entry.method === 'POST' && entry.path === `/api/v1/users/${leaver.id}/lifecycle/deactivate`);
	expect(unassigns.map((entry) => entry.status)).toEqual([204, 204, 204]);
	expect(groupRemovals.map((entry) => entry.status)).toEqual([204, 204]);
	expect(Math.min(...unassigns.map((entry) => entry.index))).toBeGreaterThan(Math.max(...groupRemovals.map((entry) => entry.index)));
	expect(deactivation).toBeGreaterThan(Math.max(...unassigns.map((entry) => entry.index)));
	expect(requests.filter((entry) => entry.status >= 400).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([]);
});

it('reaches an endpoint the node does not cover (GET /api/v1/apps) through the HTTP Request node with each credential', async () => {
	const { id, workflow } = otherEndpointWorkflow('other endpoint', sandbox.baseUrl, '/api/v1/apps', [token, oauth, service]);
	await n8n.importWorkflow(workflow);
	await sandbox.clearRequests();
	const result = await n8n.executeWorkflow(id);
	expect({ ok: result.ok, error: result.error }).toEqual({ ok: true, error: undefined });
	const calls = (await sandbox.requests()).filter((entry) => entry.path === '/api/v1/apps');
	// The service app's DPoP switch is on by default: a DPoP-bound token with a proof.
	expect(calls.map((entry) => [entry.status, entry.headers.authorization?.split(' ')[0]]).sort()).toEqual([[200, 'Bearer'], [200, 'DPoP'], [200, 'SSWS']]);
	const apps = (await state()).apps.map((app) => app.id).sort();
	for (const credential of [token, oauth, service]) expect(result.items[`/api/v1/apps via ${credential.type}`].map((app) => String(app.id)).sort()).toEqual(apps);
});
