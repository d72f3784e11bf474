import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { byId, expectEveryOperationRun, requestsMade, runOperation } from '../run';

expectEveryOperationRun('group');

/** Group operations against the sandbox: output, state afterwards, and spec validation of every request. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every request any test made must have passed the spec validation, both ways.
afterEach(() => requestsMade(sandbox));

const run = (operation: string, parameters: IDataObject, options?: Parameters<typeof runOperation>[4]) => runOperation(sandbox, 'group', operation, parameters, options);
const groups = () => [...sandbox.state.groups.values()];
const oktaGroup = () => groups().find((group) => group.type === 'OKTA_GROUP')!;
const groupNamed = (name: string) => groups().find((group) => group.profile.name === name)!;
const everyone = () => groups().find((group) => group.type === 'BUILT_IN')!;
const members = (groupId: string) => sandbox.state.memberships.get(groupId)!;
const outsidersOf = (groupId: string) => [...sandbox.state.users.values()].filter((user) => !members(groupId).has(user.id));

describe('Create', () => {
	it('creates a group with description and custom attributes', async () => {
		const [item] = await run('create', { name: 'Finance', additionalFields: { description: 'Money', customAttributes: '{"costCenter": "9"}' } });
		expect(item.json).toMatchObject({ id: expect.any(String), type: 'OKTA_GROUP', name: 'Finance', description: 'Money', costCenter: '9' });
		expect(sandbox.state.groups.get(String(item.json.id))?.profile).toEqual({ name: 'Finance', description: 'Money', costCenter: '9' });
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/groups']);
		expect(sandbox.requestLog[0].body).toEqual({ profile: { name: 'Finance', description: 'Money', costCenter: '9' } });
	});

	it('sends only the name when nothing else is given', async () => {
		const [item] = await run('create', { name: ' Legal ' });
		expect(sandbox.requestLog[0].body).toEqual({ profile: { name: 'Legal' } });
		expect(sandbox.state.groups.get(String(item.json.id))?.type).toBe('OKTA_GROUP');
	});

	it('refuses an empty name and a JSON block that is not an object, before calling Okta', async () => {
		await expect(run('create', { name: '' })).rejects.toThrow('Name (item 0): is required');
		await expect(run('create', { name: 'X', additionalFields: { customAttributes: '["a"]' } })).rejects.toThrow('Custom Profile Attributes (JSON) (item 0): must be a JSON object');
		expect(sandbox.requestLog).toHaveLength(0);
	});

	it('names the field and item for invalid JSON attributes, and creates the good items (Continue On Fail)', async () => {
		const items = [{ json: { name: 'A', attrs: '{oops' } }, { json: { name: 'B', attrs: '{}' } }, { json: { name: 'Engineering', attrs: '{}' } }];
		const output = await run('create', { name: '={{ $json.name }}', additionalFields: { customAttributes: '={{ $json.attrs }}' } }, { items, continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, error: expect.stringMatching(/^Custom Profile Attributes \(JSON\) \(item 0\): is not valid JSON/) });
		expect(output[1].json).toMatchObject({ name: 'B' });
		expect(output[2].json).toMatchObject({ itemIndex: 2, httpCode: '400' });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(groups().filter((group) => ['A', 'B'].includes(String(group.profile.name))).map((group) => group.profile.name)).toEqual(['B']);
		expect(groups().filter((group) => group.profile.name === 'Engineering')).toHaveLength(1);
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/groups', 'POST /api/v1/groups']);
	});
});

describe('Get', () => {
	it('gets a group, simplified by default and raw on request, without expand', async () => {
		const group = oktaGroup();
		const [simple] = await run('get', { groupId: byId(group.id) });
		expect(simple.json).toEqual({
			id: group.id,
			name: group.profile.name,
			description: group.profile.description,
			type: 'OKTA_GROUP',
			created: group.created,
			lastUpdated: group.lastUpdated,
			lastMembershipUpdated: group.lastMembershipUpdated,
		});
		const [raw] = await run('get', { groupId: byId(group.id), simplify: false });
		expect(raw.json).toMatchObject({ id: group.id, profile: group.profile, objectClass: ['okta:user_group'] });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${group.id}`, `GET /api/v1/groups/${group.id}`]);
		expect(sandbox.requestLog.map((entry) => entry.query)).toEqual([{}, {}]);
	});

	it('reports an unknown group as a 404 on that item', async () => {
		const output = await run('get', { groupId: byId('={{ $json.id }}') }, { items: [{ json: { id: '00gMissing0000000000' } }, { json: { id: everyone().id } }], continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, httpCode: '404' });
		expect(output[1].json).toMatchObject({ id: everyone().id, type: 'BUILT_IN' });
	});
});

describe('Get Many', () => {
	it('returns all groups across pages of 200 with the minimum number of requests', async () => {
		sandbox.reset({ groups: 450 });
		const output = await run('getMany', { returnAll: true });
		expect(output).toHaveLength(451);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(451);
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/groups', 'GET /api/v1/groups', 'GET /api/v1/groups']);
		expect(sandbox.requestLog[0].query).toEqual({ limit: '200' });
	});

	it('asks Okta for just the Limit', async () => {
		sandbox.reset({ groups: 450 });
		const output = await run('getMany', { returnAll: false, limit: 5 });
		expect(output).toHaveLength(5);
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/groups']);
		expect(sandbox.requestLog[0].query).toEqual({ limit: '5' });
	});

	it('lists groups with member stats', async () => {
		const group = oktaGroup();
		const listed = await run('getMany', { returnAll: true, filters: { includeStats: true } });
		expect(listed.find((entry) => entry.json.id === group.id)?.json.usersCount).toBe(members(group.id).size);
		expect(sandbox.requestLog[0].query).toMatchObject({ expand: 'stats' });
	});

	it('searches with Quick Search, Search Expression and Filter, each combined with Changed Since where Okta allows it', async () => {
		const byName = await run('getMany', { returnAll: true, filters: { q: 'Eng' } });
		expect(byName.map((item) => item.json.name)).toEqual(['Engineering']);
		expect(sandbox.requestLog[0].query).toEqual({ q: 'Eng', limit: '200' });

		const since = new Date(Date.now() - 3_600_000).toISOString();
		const oktaGroups = groups().filter((group) => group.type === 'OKTA_GROUP').length;
		const searched = await run('getMany', { returnAll: true, filters: { search: 'type eq "OKTA_GROUP"', changedSince: since } });
		expect(searched).toHaveLength(oktaGroups);
		expect(sandbox.requestLog[1].query).toMatchObject({ search: `(type eq "OKTA_GROUP") and lastUpdated gt "${since}"` });

		const filtered = await run('getMany', { returnAll: true, filters: { filter: 'type eq "BUILT_IN"', changedSince: since } });
		expect(filtered.map((item) => item.json.name)).toEqual(['Everyone']);
		expect(sandbox.requestLog[2].query).toMatchObject({ filter: `(type eq "BUILT_IN") and lastUpdated gt "${since}"` });

		const future = await run('getMany', { returnAll: true, filters: { changedSince: new Date(Date.now() + 3_600_000).toISOString() } });
		expect(future).toHaveLength(0);
		expect(sandbox.requestLog[3].query).toHaveProperty('filter');
	});

	it('refuses Changed Since with Quick Search, and a date that is not one', async () => {
		await expect(run('getMany', { returnAll: true, filters: { q: 'Eng', changedSince: '2024-01-01T00:00:00Z' } })).rejects.toThrow('Changed Since (item 0): cannot be combined with Quick Search');
		await expect(run('getMany', { returnAll: true, filters: { changedSince: '={{ "yesterday-ish" }}' } })).rejects.toThrow('Changed Since (item 0): "yesterday-ish" is not a date');
		expect(sandbox.requestLog).toHaveLength(0);
	});
});

describe('Update', () => {
	it('changes the name and keeps the description and custom attributes (Okta only replaces)', async () => {
		const group = oktaGroup();
		group.profile.costCenter = '12';
		const description = group.profile.description;
		const [item] = await run('update', { groupId: byId(group.id), updateFields: { name: 'Renamed' } });
		expect(item.json).toMatchObject({ id: group.id, name: 'Renamed', description, costCenter: '12' });
		expect(sandbox.state.groups.get(group.id)!.profile).toEqual({ name: 'Renamed', description, costCenter: '12' });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${group.id}`, `PUT /api/v1/groups/${group.id}`]);
		expect(sandbox.requestLog[1].body).toEqual({ profile: { name: 'Renamed', description, costCenter: '12' } });
	});

	it('merges custom attributes and a description into the profile, keeping the name and other attributes', async () => {
		const group = oktaGroup();
		const name = group.profile.name;
		group.profile.costCenter = '12';
		await run('update', { groupId: byId(group.id), updateFields: { description: 'New words', customAttributes: '{"region": "EU"}' } });
		expect(sandbox.state.groups.get(group.id)!.profile).toEqual({ name, description: 'New words', costCenter: '12', region: 'EU' });
	});

	it('refuses a built-in group after reading it, before writing anything', async () => {
		await expect(run('update', { groupId: byId(everyone().id), updateFields: { name: 'x' } })).rejects.toThrow(
			'Group (item 0): is a BUILT_IN group; Okta only lets you change groups of type OKTA_GROUP',
		);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${everyone().id}`]);
		expect(everyone().profile.name).toBe('Everyone');
	});

	it('asks for at least one field and refuses invalid JSON, before any request', async () => {
		await expect(run('update', { groupId: byId(oktaGroup().id), updateFields: {} })).rejects.toThrow('Update Fields (item 0): add at least one field to change');
		await expect(run('update', { groupId: byId(oktaGroup().id), updateFields: { customAttributes: '{"a":' } })).rejects.toThrow(
			'Custom Profile Attributes (JSON) (item 0): is not valid JSON',
		);
		expect(sandbox.requestLog).toHaveLength(0);
	});

	it('with Continue On Fail, updates the good items and reports the built-in and unknown groups by item', async () => {
		const group = oktaGroup();
		const items = [{ json: { id: group.id } }, { json: { id: everyone().id } }, { json: { id: '00gMissing0000000000' } }];
		const output = await run('update', { groupId: byId('={{ $json.id }}'), updateFields: { description: 'Bulk' } }, { items, continueOnFail: true });
		expect(output[0].json).toMatchObject({ id: group.id, description: 'Bulk' });
		expect(output[1].json).toMatchObject({ itemIndex: 1, error: expect.stringContaining('BUILT_IN') });
		expect(output[2].json).toMatchObject({ itemIndex: 2, httpCode: '404' });
		expect(everyone().profile.description).toBe('All users in your organization');
		expect(requestsMade(sandbox).filter((request) => request.startsWith('PUT'))).toEqual([`PUT /api/v1/groups/${group.id}`]);
	});
});

describe('Delete', () => {
	it('deletes a group given by URL', async () => {
		const group = oktaGroup();
		const [item] = await run('delete', { groupId: { __rl: true, mode: 'url', value: `https://acme-admin.okta.com/admin/group/${group.id}` } });
		expect(item.json).toEqual({ id: group.id, deleted: true });
		expect(sandbox.state.groups.has(group.id)).toBe(false);
		expect(requestsMade(sandbox)).toEqual([`DELETE /api/v1/groups/${group.id}`]);
	});

	it('with Continue On Fail, deletes the good items and reports an unknown group by item', async () => {
		const group = oktaGroup();
		const output = await run('delete', { groupId: byId('={{ $json.id }}') }, { items: [{ json: { id: '00gMissing0000000000' } }, { json: { id: group.id } }], continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, httpCode: '404' });
		expect(output[1].json).toEqual({ id: group.id, deleted: true });
		expect(sandbox.state.groups.has(group.id)).toBe(false);
	});
});

describe('Get Members', () => {
	it('lists the members of a group, simplified', async () => {
		const group = groupNamed('Engineering');
		const output = await run('getMembers', { groupId: byId(group.id), returnAll: true });
		expect(output.map((item) => item.json.id).sort()).toEqual([...members(group.id)].sort());
		expect(output[0].json).toEqual(expect.objectContaining({ id: expect.any(String), login: expect.any(String), status: expect.any(String) }));
		expect(output[0].json).not.toHaveProperty('profile');
	});

	it('returns all members of a large group at 1000 per page, or just the Limit', async () => {
		sandbox.reset({ users: 1500 });
		const group = everyone();
		const output = await run('getMembers', { groupId: byId(group.id), returnAll: true, simplify: false });
		expect(output).toHaveLength(1500);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(1500);
		expect(output[0].json).toHaveProperty('profile');
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${group.id}/users`, `GET /api/v1/groups/${group.id}/users`]);
		expect(sandbox.requestLog[0].query).toEqual({ limit: '1000' });
		const limited = await run('getMembers', { groupId: byId(group.id), returnAll: false, limit: 5 });
		expect(limited).toHaveLength(5);
		expect(sandbox.requestLog[2].query).toEqual({ limit: '5' });
		expect(sandbox.requestLog).toHaveLength(3);
	});
});

describe('Add User and Remove User', () => {
	it('adds users by ID and by login, and removes them by ID and by login', async () => {
		const group = oktaGroup();
		const [first, second] = outsidersOf(group.id);
		const [added] = await run('addUser', { groupId: byId(group.id), userId: byId(first.id) });
		expect(added.json).toEqual({ groupId: group.id, userId: first.id, added: true });
		await run('addUser', { groupId: byId(group.id), userId: { __rl: true, mode: 'login', value: second.profile.login } });
		expect(members(group.id).has(first.id) && members(group.id).has(second.id)).toBe(true);
		const [removed] = await run('removeUser', { groupId: byId(group.id), userId: byId(first.id) });
		expect(removed.json).toEqual({ groupId: group.id, userId: first.id, removed: true });
		const [removedByLogin] = await run('removeUser', { groupId: byId(group.id), userId: { __rl: true, mode: 'login', value: second.profile.login } });
		expect(removedByLogin.json).toEqual({ groupId: group.id, userId: second.id, removed: true });
		expect(members(group.id).has(first.id) || members(group.id).has(second.id)).toBe(false);
		const login = encodeURIComponent(String(second.profile.login));
		expect(requestsMade(sandbox)).toEqual([
			`PUT /api/v1/groups/${group.id}/users/${first.id}`,
			`GET /api/v1/users/${login}`,
			`PUT /api/v1/groups/${group.id}/users/${second.id}`,
			`DELETE /api/v1/groups/${group.id}/users/${first.id}`,
			`GET /api/v1/users/${login}`,
			`DELETE /api/v1/groups/${group.id}/users/${second.id}`,
		]);
	});

	it('adding a user who is already a member succeeds again (Okta\'s PUT is idempotent)', async () => {
		const group = oktaGroup();
		const member = [...members(group.id)][0];
		const before = members(group.id).size;
		const [item] = await run('addUser', { groupId: byId(group.id), userId: byId(member) });
		expect(item.json).toEqual({ groupId: group.id, userId: member, added: true });
		expect(members(group.id).size).toBe(before);
	});

	it('with Continue On Fail, adds the good items and reports unknown users and logins by item', async () => {
		const group = oktaGroup();
		const user = outsidersOf(group.id)[0];
		const items = [{ json: { user: user.id } }, { json: { user: '00uUnknown00000000000' } }, { json: { user: '../../groups' } }, { json: { user: '' } }];
		const output = await run('addUser', { groupId: byId(group.id), userId: byId('={{ $json.user }}') }, { items, continueOnFail: true });
		expect(output[0].json).toEqual({ groupId: group.id, userId: user.id, added: true });
		expect(output[1].json).toMatchObject({ itemIndex: 1, httpCode: '404' });
		expect(output[2].json).toMatchObject({ itemIndex: 2, httpCode: '404' });
		expect(output[3].json).toMatchObject({ itemIndex: 3, error: 'User (item 3): is empty. Pick one from the list or enter its ID.' });
		expect(members(group.id).has(user.id)).toBe(true);
		// The path-like value stays one encoded path segment: it never reaches another endpoint.
		expect(sandbox.requestLog.map((entry) => entry.path)).not.toContain('/api/v1/groups');

		const byLogin = await run('removeUser', { groupId: byId(group.id), userId: { __rl: true, mode: 'login', value: 'nobody@example.com' } }, { continueOnFail: true });
		expect(byLogin[0].json).toMatchObject({ itemIndex: 0, httpCode: '404' });
		expect(sandbox.requestLog.at(-1)).toMatchObject({ method: 'GET', path: `/api/v1/users/${encodeURIComponent('nobody@example.com')}` });
	});
});

describe('after an attempt whose answer was lost', () => {
	it.each([
		['addUser', 'PUT'],
		['removeUser', 'DELETE'],
	])('%s repeats its %s, which Okta treats as idempotent: the membership ends right, changed once', async (operation, method) => {
		const group = oktaGroup();
		const user = operation === 'addUser' ? outsidersOf(group.id)[0] : sandbox.state.users.get([...members(group.id)][0])!;
		sandbox.faults.set(new RegExp(`^${method} /api/v1/groups/${group.id}/users/`), { dropAfterRate: 1, maxStrikes: 1 });
		const [item] = await run(operation, { groupId: byId(group.id), userId: byId(user.id) });
		expect(item.json).toEqual({ groupId: group.id, userId: user.id, ...(operation === 'addUser' ? { added: true } : { removed: true }) });
		expect(members(group.id).has(user.id)).toBe(operation === 'addUser');
		expect(requestsMade(sandbox)).toEqual([`${method} /api/v1/groups/${group.id}/users/${user.id}`, `${method} /api/v1/groups/${group.id}/users/${user.id}`]);
		expect(sandbox.requestLog.map((entry) => entry.fault)).toEqual(['dropAfter', undefined]);
	});

	it.each([
		['a dropped connection', { dropAfterRate: 1 }],
		['a cut-off answer', { truncateRate: 1 }],
	])('create: resolves "name already exists" after %s to the group the first attempt made, and says so', async (_fault, spec) => {
		const name = 'Lost "Answer" \\ Team';
		sandbox.faults.set(/^POST \/api\/v1\/groups$/, { ...spec, maxStrikes: 1 });
		const [item] = await run('create', { name });
		const named = groups().filter((group) => group.profile.name === name);
		expect(named).toHaveLength(1);
		expect(item.json).toMatchObject({ id: named[0].id, type: 'OKTA_GROUP', name });
		expect(item.json.resolvedAfterRetry).toBe(`An earlier attempt was cut off but had created the group: resolved to the existing group ${name}, created ${named[0].created}`);
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/groups', 'POST /api/v1/groups', 'GET /api/v1/groups']);
		expect(sandbox.requestLog.map((entry) => entry.processedStatus ?? entry.status)).toEqual([200, 400, 200]);
		expect(sandbox.requestLog[2].query).toMatchObject({ search: `profile.name eq "Lost \\"Answer\\" \\\\ Team"` });
	});

	it('create: never resolves to a group that existed before the item started; the item fails saying the name exists', async () => {
		const older = oktaGroup();
		older.created = new Date(Date.now() - 3600_000).toISOString();
		const name = String(older.profile.name);
		sandbox.faults.set(/^POST \/api\/v1\/groups$/, { errorRate: 1, errorStatus: 503, maxStrikes: 1 });
		const [item] = await run('create', { name }, { continueOnFail: true });
		expect(item.json.error).toMatch(
			new RegExp(`^Creating group ${name}: POST /api/v1/groups was repeated after an attempt that may have reached Okta, and Okta refused the repeat: .*already exists`),
		);
		expect(item.json.resolvedAfterRetry).toBeUndefined();
		expect(groups().filter((group) => group.profile.name === name)).toEqual([older]);
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/groups', 'POST /api/v1/groups', 'GET /api/v1/groups']);
	});
});

describe('Set Members (every mode, guard and failure path: setMembers.test.ts)', () => {
	it('adds a missing member in Add Only mode, looking them up by login', async () => {
		const group = oktaGroup();
		const newcomer = outsidersOf(group.id).find((user) => user.status === 'ACTIVE')!;
		const [item] = await run('setMembers', { groupId: byId(group.id), members: String(newcomer.profile.login), mode: 'addOnly' });
		expect(item.json).toMatchObject({ groupId: group.id, added: [{ id: newcomer.id, login: newcomer.profile.login }], removed: [], failed: [] });
		expect(members(group.id).has(newcomer.id)).toBe(true);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${group.id}`, `GET /api/v1/groups/${group.id}/users`, 'GET /api/v1/users', `PUT /api/v1/groups/${group.id}/users/${newcomer.id}`]);
	});
});
