import type { IDataObject } from 'n8n-workflow';

import { SEARCH_BATCH } from '../../../../nodes/Okta/actions/batchLookup';
import { startSandbox, type Sandbox } from '../../../sandbox';
import type { SandboxGroup, SandboxUser } from '../../../sandbox/context';
import { call } from '../../../sandbox/testClient';
import { byId, requestsMade, runOperation } from '../run';

/** Group > Set Members against the sandbox: output, membership afterwards, and the request log. */

let sandbox: Sandbox;
beforeAll(async () => {
	// Two groups of 30 members each (users join round robin), and the built-in Everyone group.
	sandbox = await startSandbox({ seed: { users: 60, groups: 2 } });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.search.lagMs = 0;
});
afterEach(() => requestsMade(sandbox));

const oktaGroup = () => [...sandbox.state.groups.values()].find((group) => group.type === 'OKTA_GROUP')!;
const memberIds = (group: SandboxGroup) => [...sandbox.state.memberships.get(group.id)!];
const user = (id: string) => sandbox.state.users.get(id)!;
const loginOf = (entry: SandboxUser) => String(entry.profile.login);
const outsiders = (group: SandboxGroup) => [...sandbox.state.users.values()].filter((entry) => !sandbox.state.memberships.get(group.id)!.has(entry.id));
const refs = (users: SandboxUser[]) => users.map((entry) => ({ id: entry.id, login: loginOf(entry) }));
const sortById = (list: unknown) => [...(list as Array<{ id: string }>)].sort((a, b) => a.id.localeCompare(b.id));
/** Search lags a minute behind; the seeded users are older than that, so only later changes are missing from it. */
function lagSearch() {
	for (const entry of sandbox.state.users.values()) entry.created = '2020-01-01T00:00:00.000Z';
	sandbox.search.lagMs = 60_000;
}
const writes = () => requestsMade(sandbox).filter((request) => !request.startsWith('GET '));

const sync = async (group: SandboxGroup, members: string[] | string, parameters: IDataObject = {}, options?: Parameters<typeof runOperation>[4]) =>
	await runOperation(sandbox, 'group', 'setMembers', { groupId: byId(group.id), members: '={{ $json.members }}', ...parameters }, { items: [{ json: { members } }], ...options });

/** A plan both runs of a test share: keep 26 of 30 members (4 removed, 13% < 25%), add 3 outsiders. */
function plan(group: SandboxGroup) {
	const current = memberIds(group).map(user);
	const kept = current.slice(0, 26);
	const gone = current.slice(26);
	const added = outsiders(group).slice(0, 3);
	return { kept, gone, added, source: [...kept, ...added].map(loginOf) };
}

describe('Exact', () => {
	it('adds the missing, removes the extra, looks the new ones up in one OR-chain search, and a second run writes nothing', async () => {
		const group = oktaGroup();
		const { kept, gone, added, source } = plan(group);

		const [first] = await sync(group, source);
		expect(first.json).toEqual({
			groupId: group.id,
			groupName: group.profile.name,
			mode: 'exact',
			dryRun: false,
			added: refs(added),
			removed: refs(gone),
			unchanged: kept.length,
			unknown: [],
			failed: [],
		});
		expect(new Set(memberIds(group))).toEqual(new Set([...kept, ...added].map((entry) => entry.id)));
		const requests = requestsMade(sandbox);
		expect(requests.slice(0, 3)).toEqual([`GET /api/v1/groups/${group.id}`, `GET /api/v1/groups/${group.id}/users`, 'GET /api/v1/users']);
		expect(sandbox.requestLog[1].query).toEqual({ limit: '1000' });
		// Only the three non-members are looked up, together.
		expect(sandbox.requestLog[2].query.search).toBe(added.map((entry) => `profile.login eq "${loginOf(entry)}"`).join(' or '));
		expect([...writes()].sort()).toEqual([...added.map((entry) => `PUT /api/v1/groups/${group.id}/users/${entry.id}`), ...gone.map((entry) => `DELETE /api/v1/groups/${group.id}/users/${entry.id}`)].sort());

		sandbox.requestLog.length = 0;
		const [second] = await sync(group, source);
		expect(second.json).toMatchObject({ added: [], removed: [], unchanged: source.length, unknown: [], failed: [] });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${group.id}`, `GET /api/v1/groups/${group.id}/users`]);
	});

	it('matches by email and by user ID, and takes comma-separated text as well as arrays', async () => {
		const group = oktaGroup();
		const { kept, gone, added } = plan(group);
		const [byEmail] = await sync(group, [...kept, ...added].map((entry) => String(entry.profile.email).toUpperCase()).join(', '), { matchBy: 'email' });
		expect(byEmail.json).toMatchObject({ added: refs(added), removed: refs(gone), unchanged: kept.length });
		expect(sandbox.requestLog[2].query.search).toContain(`profile.email eq "${String(added[0].profile.email)}"`);

		const others = outsiders(group).slice(0, 2);
		const [byUserId] = await sync(group, [...kept, ...added, ...others].map((entry) => entry.id), { matchBy: 'id' });
		expect(byUserId.json).toMatchObject({ added: refs(others), removed: [], unchanged: kept.length + added.length });
		expect(memberIds(group)).toEqual(expect.arrayContaining(others.map((entry) => entry.id)));
	});

	it('refuses an empty list before any change, and empties the group only with Allow Empty Source and the guard lifted', async () => {
		const group = oktaGroup();
		const before = memberIds(group);
		await expect(sync(group, [])).rejects.toThrow(/^Members \(item 0\): the member list is empty, .* Nothing was changed\.$/);
		expect(writes()).toEqual([]);
		expect(memberIds(group)).toEqual(before);

		const [item] = await sync(group, '', { maxRemovals: 1000, maxRemovalPercent: 100, syncOptions: { allowEmptySource: true } });
		expect(sortById(item.json.removed)).toEqual(sortById(refs(before.map(user))));
		expect(memberIds(group)).toEqual([]);
	});
});

describe('Max Removals guard', () => {
	it('stops a plan over the percentage, with the numbers, and changes nothing', async () => {
		const group = oktaGroup();
		const before = memberIds(group);
		const source = before.slice(0, 22).map((id) => loginOf(user(id))); // 8 of 30 = 26.7% > 25%
		await expect(sync(group, source)).rejects.toThrow(
			`Sync of group "${String(group.profile.name)}" stopped: it would remove 8 of 30 members (26.7%), more than Max Removals (20) or Max Removals (% of Members) (25%) allow. Nothing was changed.`,
		);
		expect(writes()).toEqual([]);
		expect(memberIds(group)).toEqual(before);
	});

	it('stops a plan over the number, also in Remove Only mode; within both limits it runs', async () => {
		const group = oktaGroup();
		const before = memberIds(group);
		const revoked = before.slice(0, 3).map((id) => loginOf(user(id)));
		await expect(sync(group, revoked, { mode: 'removeOnly', maxRemovals: 2 })).rejects.toThrow('would remove 3 of 30 members (10.0%)');
		expect(writes()).toEqual([]);
		const [item] = await sync(group, revoked, { mode: 'removeOnly', maxRemovals: 3 });
		expect(item.json).toMatchObject({ removed: refs(before.slice(0, 3).map(user)), added: [] });
		expect(memberIds(group)).toEqual(before.slice(3));
	});
});

describe('Add Only and Remove Only', () => {
	it('Add Only adds the missing and removes no one, however short the list', async () => {
		const group = oktaGroup();
		const before = memberIds(group);
		const newcomer = outsiders(group)[0];
		const [item] = await sync(group, [loginOf(user(before[0])), loginOf(newcomer)], { mode: 'addOnly' });
		expect(item.json).toMatchObject({ mode: 'addOnly', added: refs([newcomer]), removed: [], unchanged: 1 });
		expect(memberIds(group)).toEqual([...before, newcomer.id]);
		expect(writes()).toEqual([`PUT /api/v1/groups/${group.id}/users/${newcomer.id}`]);
	});

	it('Remove Only removes listed members and counts listed non-members as unchanged', async () => {
		const group = oktaGroup();
		const before = memberIds(group);
		const outsider = outsiders(group)[0];
		const [item] = await sync(group, [loginOf(user(before[0])), loginOf(outsider)], { mode: 'removeOnly' });
		expect(item.json).toMatchObject({ removed: refs([user(before[0])]), added: [], unchanged: 1 });
		expect(writes()).toEqual([`DELETE /api/v1/groups/${group.id}/users/${before[0]}`]);
	});
});

describe('Dry Run', () => {
	it('outputs the plan, including what the guard would stop and unknown users, and writes nothing', async () => {
		const group = oktaGroup();
		const before = memberIds(group);
		const newcomer = outsiders(group)[0];
		const source = [...before.slice(0, 20).map((id) => loginOf(user(id))), loginOf(newcomer), 'nobody@example.com'];
		const [item] = await sync(group, source, { dryRun: true });
		expect(item.json).toEqual({
			groupId: group.id,
			groupName: group.profile.name,
			mode: 'exact',
			dryRun: true,
			added: refs([newcomer]),
			removed: refs(before.slice(20).map(user)),
			unchanged: 20,
			unknown: ['nobody@example.com'],
			failed: [],
			removalGuard: 'A real run would stop: it would remove 10 of 30 members (33.3%), more than Max Removals (20) or Max Removals (% of Members) (25%) allow',
		});
		expect(writes()).toEqual([]);
		expect(memberIds(group)).toEqual(before);
	});
});

describe('unknown users and search lag', () => {
	it('fails the item naming unknown users, after a direct read of each, and changes nothing; Ignore Unknown Users syncs the rest', async () => {
		const group = oktaGroup();
		const { added, source } = plan(group);
		await expect(sync(group, [...source, 'ghost@example.com'])).rejects.toThrow(
			'Members (item 0): 1 value(s) match no Okta user by login: ghost@example.com. Nothing was changed.',
		);
		expect(writes()).toEqual([]);
		// The miss was confirmed with a consistent read before it counted as unknown.
		expect(requestsMade(sandbox)).toContain('GET /api/v1/users/ghost%40example.com');

		const [item] = await sync(group, [...source, 'ghost@example.com'], { syncOptions: { ignoreUnknown: true } });
		expect(item.json).toMatchObject({ added: refs(added), unknown: ['ghost@example.com'] });
	});

	it('finds a user search does not see yet with GET /api/v1/users/{login}, and adds them', async () => {
		const group = oktaGroup();
		lagSearch();
		const created = await call(sandbox, 'POST', '/api/v1/users?activate=false', { profile: { login: 'new.hire@example.com', email: 'new.hire@example.com', firstName: 'New', lastName: 'Hire' } });
		const newId = String((created.body as IDataObject).id);
		sandbox.requestLog.length = 0;
		const [item] = await sync(group, ['new.hire@example.com'], { mode: 'addOnly' });
		expect(item.json).toMatchObject({ added: [{ id: newId, login: 'new.hire@example.com' }], unknown: [] });
		expect(requestsMade(sandbox)).toEqual([
			`GET /api/v1/groups/${group.id}`,
			`GET /api/v1/groups/${group.id}/users`,
			'GET /api/v1/users',
			'GET /api/v1/users/new.hire%40example.com',
			`PUT /api/v1/groups/${group.id}/users/${newId}`,
		]);
	});

	it('does not take a login short name for the login (GET /users/{login} also answers to "jane" for jane@…)', async () => {
		const group = oktaGroup();
		const outsider = outsiders(group)[0];
		const shortName = loginOf(outsider).split('@')[0];
		await expect(sync(group, [shortName], { mode: 'addOnly' })).rejects.toThrow(`match no Okta user by login: ${shortName}`);
		expect(writes()).toEqual([]);
	});
});

describe('partial failure', () => {
	it('reports a refused write with Okta\'s error, makes the other changes, and a re-run does only what is left', async () => {
		const group = oktaGroup();
		const { added, source } = plan(group);
		// A user deleted moments ago is still in the (lagging) search index: the PUT gets 404.
		lagSearch();
		const doomed = added[1];
		await call(sandbox, 'DELETE', `/api/v1/users/${doomed.id}`);
		await call(sandbox, 'DELETE', `/api/v1/users/${doomed.id}`);
		sandbox.requestLog.length = 0;

		const [first] = await sync(group, source);
		expect(first.json.added).toEqual(refs([added[0], added[2]]));
		expect(first.json.failed).toEqual([{ id: doomed.id, login: loginOf(doomed), action: 'add', error: expect.stringMatching(/^Not found: Resource not found: .* \[HTTP 404, E0000007\]$/) }]);
		expect(first.json.removed).toHaveLength(4);
		expect(writes().filter((request) => request.startsWith('PUT'))).toHaveLength(3);

		sandbox.search.lagMs = 0;
		sandbox.requestLog.length = 0;
		const [second] = await sync(group, source, { syncOptions: { ignoreUnknown: true } });
		expect(second.json).toMatchObject({ added: [], removed: [], failed: [], unknown: [loginOf(doomed)] });
		expect(writes()).toEqual([]);
	});
});

describe('groups Okta does not let the API change', () => {
	it.each(['APP_GROUP', 'BUILT_IN'] as const)('refuses a %s group up front, reading only the group', async (type) => {
		const group = type === 'BUILT_IN' ? [...sandbox.state.groups.values()].find((entry) => entry.type === 'BUILT_IN')! : oktaGroup();
		group.type = type;
		const before = memberIds(group);
		await expect(sync(group, plan(group).source, { mode: 'addOnly' })).rejects.toThrow(
			`Group "${String(group.profile.name)}" (${group.id}) is a ${type} group: Okta changes the members of OKTA_GROUP groups only. Nothing was changed.`,
		);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/groups/${group.id}`]);
		expect(memberIds(group)).toEqual(before);
	});
});

describe('All Input Items and batching', () => {
	it('syncs once for the whole input, one value per item, with lookups in batches within the search limits', async () => {
		const group = oktaGroup();
		const current = memberIds(group).map(user);
		const newcomers = outsiders(group).filter((entry) => entry.status !== 'DEPROVISIONED');
		const items = [...current, ...newcomers].map((entry) => ({ json: { login: loginOf(entry) } }));
		const output = await runOperation(sandbox, 'group', 'setMembers', { groupId: byId(group.id), membersFrom: 'allItems', member: '={{ $json.login }}', mode: 'addOnly' }, { items });
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ added: refs(newcomers), unchanged: current.length });
		const searches = sandbox.requestLog.filter((entry) => entry.method === 'GET' && entry.path === '/api/v1/users');
		expect(searches).toHaveLength(Math.ceil(newcomers.length / SEARCH_BATCH.maxTerms));
		// Each newcomer looked up once, at least 25 to a request (N lookups must not cost N requests).
		expect(searches.flatMap((search) => String(search.query.search).split(' or ')).length).toBe(newcomers.length);
		expect(searches.length).toBeLessThanOrEqual(Math.ceil(newcomers.length / 25));
		for (const search of searches) expect(encodeURIComponent(String(search.query.search)).length).toBeLessThanOrEqual(SEARCH_BATCH.maxEncodedLength);
	});

	it('refuses an item without a value in All Input Items mode, naming it, before any change', async () => {
		const group = oktaGroup();
		const items = [{ json: { login: loginOf(user(memberIds(group)[0])) } }, { json: { login: '' } }];
		await expect(
			runOperation(sandbox, 'group', 'setMembers', { groupId: byId(group.id), membersFrom: 'allItems', member: '={{ $json.login }}' }, { items }),
		).rejects.toThrow('Member (item 1): is empty.');
		expect(sandbox.requestLog).toHaveLength(0);
	});
});
