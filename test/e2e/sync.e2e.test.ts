import { installPackage, uniqueRunId, type N8nFolder } from './lib/n8n';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';
import { locator, WorkflowBuilder } from './lib/workflow';

/**
 * Group → Set Members in the real, pinned n8n: Manual Trigger → Code (the source list) → Set Members, run
 * twice (the second run changes nothing and says so), then with an empty list (stopped, group unchanged).
 * One n8n and one sandbox for the whole spec.
 */

let n8n: N8nFolder;
let sandbox: SandboxProcess;
const token = { type: 'oktaDirectoryApiTokenApi', id: 'oktaTokenCredSync', name: 'Okta sandbox (API token)' };

type SandboxState = { users: Array<{ id: string; status: string; profile: { login: string } }>; groups: Array<{ id: string; profile: { name: string } }>; memberships: Record<string, string[]> };

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('sync'));
	sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'demo']);
	await n8n.importCredentials([{ ...token, data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } }]);
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

function syncWorkflow(name: string, groupId: string, logins: string[]) {
	return new WorkflowBuilder(name)
		.manualTrigger()
		.node('Source', 'n8n-nodes-base.code', { jsCode: `return [{ json: { logins: ${JSON.stringify(logins)} } }];` }, { typeVersion: 2 })
		.okta('Set Members', { resource: 'group', operation: 'setMembers', groupId: locator(groupId), members: '={{ $json.logins }}' }, token)
		.chain('Start', 'Source', 'Set Members')
		.build();
}

it('syncs a group, changes nothing on the second run, and an empty source is stopped by the guard', async () => {
	const state = await sandbox.state<SandboxState>();
	const group = state.groups.find((entry) => entry.profile.name === 'Engineering')!;
	const members = state.memberships[group.id];
	const loginOf = (id: string) => state.users.find((user) => user.id === id)!.profile.login;
	const newcomer = state.users.find((user) => user.status === 'ACTIVE' && !members.includes(user.id))!;
	const kept = members.slice(1);
	const source = [...kept.map(loginOf), newcomer.profile.login];

	const { id, workflow } = syncWorkflow('set members', group.id, source);
	await n8n.importWorkflow(workflow);
	const first = await n8n.executeWorkflow(id);
	expect(first.error).toBeUndefined();
	expect(first.items['Set Members']).toEqual([
		expect.objectContaining({ groupId: group.id, added: [{ id: newcomer.id, login: newcomer.profile.login }], removed: [{ id: members[0], login: loginOf(members[0]) }], unchanged: kept.length, unknown: [], failed: [] }),
	]);
	const expected = [...kept, newcomer.id].sort();
	expect([...(await sandbox.state<SandboxState>()).memberships[group.id]].sort()).toEqual(expected);

	await sandbox.clearRequests();
	const second = await n8n.executeWorkflow(id);
	expect(second.items['Set Members']).toEqual([expect.objectContaining({ added: [], removed: [], unchanged: source.length, failed: [] })]);
	const writes = (await sandbox.requests()).filter((entry) => entry.method !== 'GET');
	expect(writes).toEqual([]);

	const empty = syncWorkflow('set members, empty source', group.id, []);
	await n8n.importWorkflow(empty.workflow);
	const stopped = await n8n.executeWorkflow(empty.id);
	expect(stopped.ok).toBe(false);
	expect(stopped.error).toMatch(/^Members \(item 0\): the member list is empty, and in Exact mode that would remove every member of "Engineering"\. Nothing was changed\.$/);
	expect([...(await sandbox.state<SandboxState>()).memberships[group.id]].sort()).toEqual(expected);
	expect((await sandbox.requests()).filter((entry) => entry.method !== 'GET')).toEqual([]);
});
