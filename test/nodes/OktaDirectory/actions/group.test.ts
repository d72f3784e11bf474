import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { byId, requestsMade, runOperation } from '../run';

/** Group operations against the sandbox: output, state afterwards, and spec validation of every request. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const run = (operation: string, parameters: IDataObject, options?: Parameters<typeof runOperation>[4]) => runOperation(sandbox, 'group', operation, parameters, options);
const oktaGroup = () => [...sandbox.state.groups.values()].find((group) => group.type === 'OKTA_GROUP')!;
const everyone = () => [...sandbox.state.groups.values()].find((group) => group.type === 'BUILT_IN')!;

describe('Create, Get, Update, Delete', () => {
	it('creates a group with description and custom attributes', async () => {
		const [item] = await run('create', { name: 'Finance', additionalFields: { description: 'Money', customAttributes: '{"costCenter": "9"}' } });
		expect(sandbox.state.groups.get(String(item.json.id))?.profile).toEqual({ name: 'Finance', description: 'Money', costCenter: '9' });
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/groups']);
	});

	it('gets a group, simplified, and lists groups with member stats', async () => {
		const group = oktaGroup();
		const [item] = await run('get', { groupId: byId(group.id) });
		expect(item.json).toMatchObject({ id: group.id, name: group.profile.name, type: 'OKTA_GROUP' });
		const listed = await run('getMany', { returnAll: true, filters: { includeStats: true } });
		expect(listed.find((entry) => entry.json.id === group.id)?.json.usersCount).toBe(sandbox.state.memberships.get(group.id)!.size);
		expect(sandbox.requestLog[1].query).toMatchObject({ expand: 'stats' });
		requestsMade(sandbox);
	});

	it('updates by merging into the current profile, so untouched attributes survive', async () => {
		const group = oktaGroup();
		group.profile.costCenter = '12';
		const description = group.profile.description;
		await run('update', { groupId: byId(group.id), updateFields: { name: 'Renamed' } });
		expect(sandbox.state.groups.get(group.id)!.profile).toEqual({ name: 'Renamed', description, costCenter: '12' });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${group.id}`, `PUT /api/v1/groups/${group.id}`]);
	});

	it('refuses to update a built-in group before writing anything', async () => {
		await expect(run('update', { groupId: byId(everyone().id), updateFields: { name: 'x' } })).rejects.toThrow('Group (item 0): is a BUILT_IN group; Okta only lets you change groups of type OKTA_GROUP');
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${everyone().id}`]);
	});

	it('names the field and item for invalid JSON attributes', async () => {
		const output = await run('create', { name: '={{ $json.name }}', additionalFields: { customAttributes: '={{ $json.attrs }}' } }, {
			items: [{ json: { name: 'A', attrs: '{oops' } }, { json: { name: 'B', attrs: '{}' } }],
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatch(/^Custom Profile Attributes \(JSON\) \(item 0\): is not valid JSON/);
		expect(output[1].json).toMatchObject({ profile: { name: 'B' } });
	});

	it('deletes a group', async () => {
		const group = oktaGroup();
		const [item] = await run('delete', { groupId: { __rl: true, mode: 'url', value: `https://acme-admin.okta.com/admin/group/${group.id}` } });
		expect(item.json).toEqual({ id: group.id, deleted: true });
		expect(sandbox.state.groups.has(group.id)).toBe(false);
	});
});

describe('Get Many and Get Members', () => {
	it('returns all groups across pages with the minimum number of requests', async () => {
		const big = await startSandbox({ seed: { groups: 450 } });
		try {
			const output = await runOperation(big, 'group', 'getMany', { returnAll: true });
			expect(output).toHaveLength(451);
			expect(requestsMade(big)).toEqual(['GET /api/v1/groups', 'GET /api/v1/groups', 'GET /api/v1/groups']);
		} finally {
			await big.close();
		}
	});

	it('searches with q, search and Changed Since', async () => {
		const byName = await run('getMany', { returnAll: true, filters: { q: 'Eng' } });
		expect(byName.map((item) => item.json.name)).toEqual(['Engineering']);
		const since = new Date(Date.now() - 3_600_000).toISOString();
		const changed = await run('getMany', { returnAll: true, filters: { search: 'type eq "OKTA_GROUP"', changedSince: since } });
		expect(changed).toHaveLength([...sandbox.state.groups.values()].filter((group) => group.type === 'OKTA_GROUP').length);
		expect(sandbox.requestLog.at(-1)?.query).toMatchObject({ search: `(type eq "OKTA_GROUP") and lastUpdated gt "${since}"` });
		requestsMade(sandbox);
	});

	it('lists all members of a large group at 1000 per page', async () => {
		const big = await startSandbox({ seed: { users: 1500 } });
		try {
			const group = [...big.state.groups.values()].find((entry) => entry.type === 'BUILT_IN')!;
			const output = await runOperation(big, 'group', 'getMembers', { groupId: byId(group.id), returnAll: true });
			expect(output).toHaveLength(1500);
			expect(requestsMade(big)).toEqual([`GET /api/v1/groups/${group.id}/users`, `GET /api/v1/groups/${group.id}/users`]);
			expect(big.requestLog[0].query).toMatchObject({ limit: '1000' });
			const limited = await runOperation(big, 'group', 'getMembers', { groupId: byId(group.id), returnAll: false, limit: 5 });
			expect(limited).toHaveLength(5);
		} finally {
			await big.close();
		}
	});
});

describe('Add User and Remove User', () => {
	it('adds users by ID and by login, and removes them', async () => {
		const group = oktaGroup();
		const outsiders = [...sandbox.state.users.values()].filter((user) => !sandbox.state.memberships.get(group.id)!.has(user.id)).slice(0, 2);
		await run('addUser', { groupId: byId(group.id), userId: byId(outsiders[0].id) });
		await run('addUser', { groupId: byId(group.id), userId: { __rl: true, mode: 'login', value: outsiders[1].profile.login } });
		expect(outsiders.every((user) => sandbox.state.memberships.get(group.id)!.has(user.id))).toBe(true);
		const [removed] = await run('removeUser', { groupId: byId(group.id), userId: byId(outsiders[0].id) });
		expect(removed.json).toEqual({ groupId: group.id, userId: outsiders[0].id, removed: true });
		expect(sandbox.state.memberships.get(group.id)!.has(outsiders[0].id)).toBe(false);
		expect(requestsMade(sandbox)).toEqual([
			`PUT /api/v1/groups/${group.id}/users/${outsiders[0].id}`,
			`GET /api/v1/users/${encodeURIComponent(String(outsiders[1].profile.login))}`,
			`PUT /api/v1/groups/${group.id}/users/${outsiders[1].id}`,
			`DELETE /api/v1/groups/${group.id}/users/${outsiders[0].id}`,
		]);
	});

	it('with Continue On Fail, adds the good items and reports unknown users by item', async () => {
		const group = oktaGroup();
		const user = [...sandbox.state.users.values()][0];
		const output = await run('addUser', { groupId: byId(group.id), userId: byId('={{ $json.user }}') }, {
			items: [{ json: { user: user.id } }, { json: { user: '00uUnknown00000000000' } }, { json: { user: '../../groups' } }],
			continueOnFail: true,
		});
		expect(output[0].json).toMatchObject({ added: true });
		expect(output[1].json).toMatchObject({ itemIndex: 1, httpCode: '404' });
		expect(output[2].json).toMatchObject({ itemIndex: 2 });
		expect(sandbox.requestLog.map((entry) => entry.path)).not.toContain('/api/v1/groups');
	});
});
