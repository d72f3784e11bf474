import type { IDataObject } from 'n8n-workflow';

import { OktaDirectory } from '../../../../nodes/Okta/OktaDirectory.node';
import { executeNode } from '../../../helpers/n8n';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { byId, expectEveryOperationRun, requestsMade, runOperation } from '../run';

expectEveryOperationRun('user');

/** User operations against the sandbox: output, state afterwards, and spec validation of every request. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every request any test made must have passed the spec validation, both ways.
afterEach(() => requestsMade(sandbox));

const run = (operation: string, parameters: IDataObject, options?: Parameters<typeof runOperation>[4]) => runOperation(sandbox, 'user', operation, parameters, options);
const activeUser = () => [...sandbox.state.users.values()].find((user) => user.status === 'ACTIVE')!;
const newUser = (login: string) => ({ login, email: login, firstName: 'Jane', lastName: 'Doe' });

describe('Create', () => {
	it('creates an active user with password, groups, user type, realm and custom attributes', async () => {
		const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!;
		const contractor = [...sandbox.state.userTypes.values()].find((type) => !type.default)!;
		const realm = [...sandbox.state.realms.values()][0];
		const [item] = await run('create', {
			...newUser('jane.smith@example.com'),
			additionalFields: { password: 'Sup3r-secret!', department: 'IT', groupIds: group.id, typeId: contractor.id, realmId: realm.id, changePasswordAtNextLogin: true },
			customAttributes: { attribute: [{ key: 'costCenter', value: '42' }] },
			customAttributesJson: '{"badges": ["a", "b"]}',
		});
		const stored = sandbox.state.users.get(String(item.json.id))!;
		expect(item.json.status).toBe('PASSWORD_EXPIRED');
		expect(stored.profile).toMatchObject({ login: 'jane.smith@example.com', department: 'IT', costCenter: '42', badges: ['a', 'b'] });
		expect(stored.type.id).toBe(contractor.id);
		expect(stored.realmId).toBe(realm.id);
		expect(sandbox.state.memberships.get(group.id)?.has(stored.id)).toBe(true);
		expect(JSON.stringify(item.json)).not.toContain('Sup3r-secret!');
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/meta/types/user/${contractor.id}`, 'POST /api/v1/users']);
		expect(sandbox.requestLog[1].query).toMatchObject({ activate: 'true', nextLogin: 'changePassword' });
	});

	it('stages a user when asked, and activates one with a password at once', async () => {
		const [staged] = await run('create', { ...newUser('staged@example.com'), activation: 'stage', additionalFields: { password: 'Sup3r-secret!' } });
		expect(staged.json.status).toBe('STAGED');
		expect(sandbox.state.users.get(String(staged.json.id))?.status).toBe('STAGED');
		expect(sandbox.requestLog[0].query).toMatchObject({ activate: 'false' });
		const [active] = await run('create', { ...newUser('active@example.com'), additionalFields: { password: 'Sup3r-secret!' } });
		expect(active.json.status).toBe('ACTIVE');
		expect(sandbox.state.users.get(String(active.json.id))).toMatchObject({ status: 'ACTIVE', password: 'Sup3r-secret!' });
		expect(sandbox.requestLog[1].query).toEqual({ activate: 'true' });
	});

	it('takes Group IDs as a list from an expression or as comma-separated text', async () => {
		const groups = [...sandbox.state.groups.values()].filter((group) => group.type === 'OKTA_GROUP').map((group) => group.id);
		const items = [{ json: { login: 'list@example.com', groups: groups.slice(0, 2) } }, { json: { login: 'text@example.com', groups: `${groups[2]}, ${groups[3]}` } }];
		const output = await run('create', { login: '={{ $json.login }}', email: '={{ $json.login }}', firstName: 'A', lastName: 'B', additionalFields: { groupIds: '={{ $json.groups }}' } }, { items });
		const memberOf = (userId: unknown) => groups.filter((groupId) => sandbox.state.memberships.get(groupId)?.has(String(userId)));
		expect(memberOf(output[0].json.id)).toEqual(groups.slice(0, 2));
		expect(memberOf(output[1].json.id)).toEqual(groups.slice(2, 4));
		expect(sandbox.requestLog.map((entry) => (entry.body as IDataObject).groupIds)).toEqual([groups.slice(0, 2), groups.slice(2, 4)]);
	});

	it('creates a federated user without a password, and refuses one with a password', async () => {
		const [item] = await run('create', { ...newUser('federated@example.com'), additionalFields: { provider: 'FEDERATION' } });
		expect(item.json.status).toBe('ACTIVE');
		expect(sandbox.state.users.get(String(item.json.id))?.credentials).toMatchObject({ provider: { type: 'FEDERATION', name: 'FEDERATION' } });
		expect(sandbox.requestLog[0].query).toEqual({ activate: 'true', provider: 'true' });
		await expect(run('create', { ...newUser('sso@example.com'), additionalFields: { provider: 'SOCIAL', password: 'Sup3r-secret!' } })).rejects.toThrow(
			'Authentication Provider (item 0): SOCIAL users cannot have a Password or Recovery Question',
		);
		expect(sandbox.requestLog).toHaveLength(1);
	});

	it('refuses a forced password change without a password or when staging, and half a recovery question, before any request', async () => {
		await expect(run('create', { ...newUser('a@example.com'), additionalFields: { changePasswordAtNextLogin: true } })).rejects.toThrow(
			'Force Password Change at First Sign-In (item 0): needs Activation "Activate Now" and a Password',
		);
		await expect(run('create', { ...newUser('a@example.com'), activation: 'stage', additionalFields: { password: 'Sup3r-secret!', changePasswordAtNextLogin: true } })).rejects.toThrow(
			/^Force Password Change at First Sign-In \(item 0\)/,
		);
		await expect(run('create', { ...newUser('a@example.com'), additionalFields: { recoveryQuestion: 'Favourite film?' } })).rejects.toThrow(
			'Recovery Question (item 0): needs both a question and an answer',
		);
		expect(sandbox.requestLog).toHaveLength(0);
	});

	it('names the field and the item for a malformed email or login, an invalid JSON block and an unknown user type', async () => {
		const items = [
			{ json: { login: 'ok1@example.com', email: 'not-an-email', typeId: '' } },
			{ json: { login: 'has space@example.com', email: 'ok2@example.com', typeId: '' } },
			{ json: { login: 'ok3@example.com', email: 'ok3@example.com', typeId: 'otyDoesNotExist000000' } },
			{ json: { login: 'ok4@example.com', email: 'ok4@example.com', typeId: '' } },
		];
		const output = await run(
			'create',
			{ login: '={{ $json.login }}', email: '={{ $json.email }}', firstName: 'A', lastName: 'B', additionalFields: { typeId: '={{ $json.typeId }}' } },
			{ items, continueOnFail: true },
		);
		expect(output.map((item) => item.json.error ?? item.json.status)).toEqual([
			'Email (item 0): "not-an-email" is not a valid email address',
			expect.stringMatching(/^Login \(item 1\): "has space@example.com" is not a valid Okta login/),
			'User Type (item 2): no user type with ID "otyDoesNotExist000000" exists in this Okta org',
			// Activated without a password, so Okta leaves the user PROVISIONED until they set one.
			'PROVISIONED',
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const bad = await run('create', { ...newUser('json@example.com'), customAttributesJson: '{"a": ' }, { continueOnFail: true });
		expect(bad[0].json.error).toMatch(/^Custom Attributes \(JSON\) \(item 0\): is not valid JSON/);
	});

	it('reports a duplicate login with Okta\'s cause', async () => {
		const existing = activeUser();
		await expect(run('create', { ...newUser(String(existing.profile.login)) })).rejects.toThrow(/An object with this field already exists in the current organization \[HTTP 400, E0000001\]/);
	});
});

describe('Get, Get Many, Get Groups and Get Blocks', () => {
	it('gets a user by ID and by login, simplified or raw', async () => {
		const user = activeUser();
		const [simple] = await run('get', { userId: byId(user.id) });
		expect(simple.json).toMatchObject({ id: user.id, login: user.profile.login, status: 'ACTIVE' });
		expect(simple.json.profile).toBeUndefined();
		const [raw] = await run('get', { userId: { __rl: true, mode: 'login', value: user.profile.login }, simplify: false });
		expect(raw.json).toMatchObject({ id: user.id, profile: user.profile });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/users/${user.id}`, `GET /api/v1/users/${encodeURIComponent(String(user.profile.login))}`]);
	});

	it('returns all users over several pages with the minimum number of requests', async () => {
		const big = await startSandbox({ seed: { users: 450 } });
		try {
			const output = await runOperation(big, 'user', 'getMany', { returnAll: true });
			expect(output).toHaveLength(450);
			expect(new Set(output.map((item) => item.json.id)).size).toBe(450);
			expect(requestsMade(big)).toEqual(['GET /api/v1/users', 'GET /api/v1/users', 'GET /api/v1/users']);
			expect(big.requestLog[0].query).toMatchObject({ limit: '200' });
			big.requestLog.length = 0;
			const limited = await runOperation(big, 'user', 'getMany', { returnAll: false, limit: 250 });
			expect(limited).toHaveLength(250);
			expect(requestsMade(big)).toEqual(['GET /api/v1/users', 'GET /api/v1/users']);
		} finally {
			await big.close();
		}
	});

	it('searches, filters and limits, and builds Changed Since into the filter', async () => {
		// Naming the status keeps the expectation independent of whether a search returns DEPROVISIONED users.
		const engineers = await run('getMany', { returnAll: true, filters: { search: 'profile.department eq "Engineering" and status eq "ACTIVE"' } });
		const expected = [...sandbox.state.users.values()].filter((user) => user.profile.department === 'Engineering' && user.status === 'ACTIVE');
		expect(expected.length).toBeGreaterThan(0);
		expect(engineers.map((item) => item.json.id).sort()).toEqual(expected.map((user) => user.id).sort());
		const limited = await run('getMany', { returnAll: false, limit: 3 });
		expect(limited).toHaveLength(3);
		const since = new Date(Date.now() - 60_000).toISOString();
		await run('getMany', { returnAll: true, filters: { filter: 'status eq "ACTIVE"', changedSince: since } });
		expect(sandbox.requestLog.at(-1)?.query).toMatchObject({ filter: `(status eq "ACTIVE") and lastUpdated gt "${since}"` });
		await expect(run('getMany', { filters: { q: 'ada', changedSince: since } })).rejects.toThrow(/Changed Since \(item 0\): cannot be combined with Quick Search/);
		requestsMade(sandbox);
	});

	it('leaves out deactivated users unless searched for, and sorts only a search', async () => {
		const deprovisioned = [...sandbox.state.users.values()].filter((user) => user.status === 'DEPROVISIONED').map((user) => user.id);
		expect(deprovisioned.length).toBeGreaterThan(0);
		const all = await run('getMany', { returnAll: true });
		expect(all.map((item) => item.json.id)).not.toEqual(expect.arrayContaining([deprovisioned[0]]));
		const found = await run('getMany', { returnAll: true, filters: { search: 'status eq "DEPROVISIONED"' } });
		expect(found.map((item) => item.json.id).sort()).toEqual([...deprovisioned].sort());
		const sorted = await run('getMany', { returnAll: true, filters: { search: 'status eq "ACTIVE"', sortBy: 'profile.lastName', sortOrder: 'desc' } });
		const lastNames = sorted.map((item) => String(item.json.lastName));
		expect(new Set(lastNames).size).toBeGreaterThan(1);
		expect(lastNames).toEqual([...lastNames].sort((a, b) => b.localeCompare(a)));
		expect(sandbox.requestLog.at(-1)?.query).toMatchObject({ search: 'status eq "ACTIVE"', sortBy: 'profile.lastName', sortOrder: 'desc' });
		await expect(run('getMany', { returnAll: true, filters: { sortBy: 'profile.lastName' } })).rejects.toThrow('Sort By (item 0): needs a Search Expression: Okta sorts only search results');
		expect(sandbox.requestLog).toHaveLength(3);
	});

	it('sends a quick search as q, raw users when Simplify is off', async () => {
		const user = activeUser();
		const name = String(user.profile.firstName);
		const output = await run('getMany', { returnAll: true, simplify: false, filters: { q: name } });
		expect(output.length).toBeGreaterThan(0);
		expect(output.every((item) => String((item.json.profile as IDataObject).firstName).startsWith(name) || String((item.json.profile as IDataObject).lastName).startsWith(name) || String((item.json.profile as IDataObject).email).startsWith(name))).toBe(true);
		expect(output[0].json.profile).toBeDefined();
		expect(sandbox.requestLog[0].query).toMatchObject({ q: name });
	});

	it('lists a user\'s groups and blocks', async () => {
		const user = activeUser();
		const groups = await run('getGroups', { userId: byId(user.id) });
		const expected = [...sandbox.state.memberships].filter(([, members]) => members.has(user.id)).map(([id]) => id);
		expect(groups.map((item) => item.json.id).sort()).toEqual(expected.sort());
		expect(groups.find((item) => item.json.type === 'BUILT_IN')?.json.name).toBe('Everyone');
		sandbox.state.users.get(user.id)!.blocks = [{ type: 'DEVICE_BASED', appliesTo: 'ANY_DEVICES' }];
		const blocks = await run('getBlocks', { userId: byId(user.id) });
		expect(blocks.map((item) => item.json)).toEqual([{ type: 'DEVICE_BASED', appliesTo: 'ANY_DEVICES' }]);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/users/${user.id}/groups`, `GET /api/v1/users/${user.id}/blocks`]);
		const raw = await run('getGroups', { userId: { __rl: true, mode: 'login', value: user.profile.login }, simplify: false });
		expect(raw.map((item) => item.json.id).sort()).toEqual(expected.sort());
		expect(raw[0].json.profile).toBeDefined();
		expect(sandbox.requestLog.at(-1)?.path).toBe(`/api/v1/users/${encodeURIComponent(String(user.profile.login))}/groups`);
	});
});

describe('Update and Replace', () => {
	it('updates only the given attributes', async () => {
		const user = activeUser();
		const before = { ...user.profile };
		await run('update', { userId: byId(user.id), updateFields: { title: 'Director' }, customAttributesJson: '{"costCenter": "7"}' });
		expect(sandbox.state.users.get(user.id)!.profile).toEqual({ ...before, title: 'Director', costCenter: '7' });
		expect(requestsMade(sandbox)).toEqual([`POST /api/v1/users/${user.id}`]);
	});

	it('replaces the whole profile and changes the user type', async () => {
		const user = activeUser();
		const contractor = [...sandbox.state.userTypes.values()].find((type) => !type.default)!;
		await run('replace', { userId: byId(user.id), ...newUser('renamed@example.com'), additionalFields: { typeId: contractor.id } });
		const stored = sandbox.state.users.get(user.id)!;
		expect(stored.profile).toEqual(newUser('renamed@example.com'));
		expect(stored.type.id).toBe(contractor.id);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/meta/types/user/${contractor.id}`, `PUT /api/v1/users/${user.id}`]);
	});

	it('refuses an update without fields, naming the field and the item', async () => {
		await expect(run('update', { userId: byId(activeUser().id) })).rejects.toThrow('Update Fields (item 0): add at least one attribute to change');
	});

	it('updates a user found by login, and reports bad items by field and item with Continue On Fail', async () => {
		const [first, second] = [...sandbox.state.users.values()].filter((user) => user.status === 'ACTIVE');
		const items = [
			{ json: { login: String(first.profile.login), email: 'new.address@example.com', json: '{}' } },
			{ json: { login: String(second.profile.login), email: 'no-at-sign', json: '{}' } },
			{ json: { login: String(second.profile.login), email: 'ok@example.com', json: '{"level": ' } },
			{ json: { login: 'nobody@example.com', email: 'ok@example.com', json: '{}' } },
		];
		const output = await run(
			'update',
			{ userId: { __rl: true, mode: 'login', value: '={{ $json.login }}' }, updateFields: { email: '={{ $json.email }}' }, customAttributesJson: '={{ $json.json }}' },
			{ items, continueOnFail: true },
		);
		expect(output.map((item) => item.json.error ?? item.json.email)).toEqual([
			'new.address@example.com',
			'Email (item 1): "no-at-sign" is not a valid email address',
			expect.stringMatching(/^Custom Attributes \(JSON\) \(item 2\): is not valid JSON/),
			expect.stringContaining('Not found'),
		]);
		expect(sandbox.state.users.get(first.id)?.profile.email).toBe('new.address@example.com');
		expect(sandbox.state.users.get(second.id)?.profile.email).toBe(second.profile.email);
		expect(requestsMade(sandbox).sort()).toEqual([`POST /api/v1/users/${encodeURIComponent(String(first.profile.login))}`, `POST /api/v1/users/${encodeURIComponent('nobody@example.com')}`].sort());
	});

	it('refuses a replace with an unknown user type or a missing name, before changing anything', async () => {
		const user = activeUser();
		const before = structuredClone(user.profile);
		await expect(run('replace', { userId: byId(user.id), ...newUser('x@example.com'), additionalFields: { typeId: 'otyDoesNotExist000000' } })).rejects.toThrow(
			'User Type (item 0): no user type with ID "otyDoesNotExist000000" exists in this Okta org',
		);
		await expect(run('replace', { userId: byId(user.id), ...newUser('x@example.com'), lastName: ' ' })).rejects.toThrow('Last Name (item 0): is required');
		expect(sandbox.state.users.get(user.id)?.profile).toEqual(before);
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/meta/types/user/otyDoesNotExist000000']);
	});
});

describe('Delete', () => {
	it('permanently deletes an active user: deactivate, then delete', async () => {
		const user = activeUser();
		const [item] = await run('delete', { userId: byId(user.id) });
		expect(item.json).toEqual({ id: user.id, deleted: true, status: 'DELETED' });
		expect(sandbox.state.users.has(user.id)).toBe(false);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/users/${user.id}`, `POST /api/v1/users/${user.id}/lifecycle/deactivate`, `DELETE /api/v1/users/${user.id}`]);
	});

	it('only deactivates when asked, with sendEmail', async () => {
		const user = activeUser();
		const [item] = await run('delete', { userId: byId(user.id), deleteMode: 'deactivate', sendEmail: true });
		expect(item.json).toEqual({ id: user.id, deleted: false, status: 'DEPROVISIONED' });
		expect(sandbox.state.users.get(user.id)?.status).toBe('DEPROVISIONED');
		expect(sandbox.requestLog[1].query).toMatchObject({ sendEmail: 'true' });
	});

	it('leaves an already deactivated user alone when only deactivating, and finds a user by login', async () => {
		const user = [...sandbox.state.users.values()].find((entry) => entry.status === 'DEPROVISIONED')!;
		const [item] = await run('delete', { userId: { __rl: true, mode: 'login', value: user.profile.login }, deleteMode: 'deactivate' });
		expect(item.json).toEqual({ id: user.id, deleted: false, status: 'DEPROVISIONED' });
		expect(sandbox.state.users.get(user.id)?.status).toBe('DEPROVISIONED');
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/users/${encodeURIComponent(String(user.profile.login))}`]);
	});

	it('deletes an already deactivated user with one DELETE', async () => {
		const user = [...sandbox.state.users.values()].find((entry) => entry.status === 'DEPROVISIONED')!;
		await run('delete', { userId: byId(user.id) });
		expect(sandbox.state.users.has(user.id)).toBe(false);
		expect(requestsMade(sandbox)).toHaveLength(2);
	});

	it('reports an unknown user by item and carries on with Continue On Fail', async () => {
		const user = activeUser();
		const output = await run('delete', { userId: byId('={{ $json.id }}') }, { items: [{ json: { id: '00uNobody000000000000' } }, { json: { id: user.id } }], continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, httpCode: '404', error: expect.stringContaining('Not found') });
		expect(output[1].json).toMatchObject({ id: user.id, deleted: true });
	});
});

describe('Get User Info', () => {
	it('returns the signed-in user\'s claims with the OAuth2 credential, through the sandbox\'s token endpoint', async () => {
		const { clientId, clientSecret } = sandbox.oauth.webApp;
		const redirect = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
		const authorize = await fetch(`${sandbox.baseUrl}/oauth2/v1/authorize?client_id=${clientId}&response_type=code&scope=openid%20profile%20email%20offline_access%20okta.users.read&redirect_uri=${encodeURIComponent(redirect)}&state=s1`, { redirect: 'manual' });
		const code = new URL(String(authorize.headers.get('location'))).searchParams.get('code')!;
		const token = (await (
			await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
				body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect }),
			})
		).json()) as IDataObject;
		const { output } = await executeNode({
			node: new OktaDirectory(),
			parameters: { authentication: 'oAuth2', resource: 'user', operation: 'getUserInfo' },
			credentials: { type: 'oktaDirectoryOAuth2Api', data: { domain: sandbox.baseUrl, clientId, clientSecret, oauthTokenData: token } },
		});
		const signedIn = [...sandbox.state.users.values()].find((user) => user.status === 'ACTIVE')!;
		expect(output[0][0].json).toMatchObject({ sub: signedIn.id, preferred_username: signedIn.profile.login, email: signedIn.profile.email });
	});

	it('explains that it needs the OAuth2 credential', async () => {
		await expect(run('getUserInfo', {})).rejects.toThrow(/Get User Info needs the OAuth2 credential/);
		expect(sandbox.requestLog).toHaveLength(0);
	});
});

describe('after an attempt whose answer was lost', () => {
	const usersWithLogin = (login: string) => [...sandbox.state.users.values()].filter((user) => user.profile.login === login);

	it.each([
		['a dropped connection', { dropAfterRate: 1 }],
		['a cut-off answer', { truncateRate: 1 }],
	])('create: resolves "login already exists" after %s to the user the first attempt made, and says so', async (_fault, spec) => {
		sandbox.faults.set(/^POST \/api\/v1\/users$/, { ...spec, maxStrikes: 1 });
		const [item] = await run('create', newUser('lost.answer@example.com'));
		const [created] = usersWithLogin('lost.answer@example.com');
		expect(usersWithLogin('lost.answer@example.com')).toHaveLength(1);
		expect(item.json).toMatchObject({ id: created.id, login: 'lost.answer@example.com' });
		expect(item.json.resolvedAfterRetry).toMatch(/^An earlier attempt was cut off but had created the user: resolved to the existing user lost\.answer@example\.com/);
		expect(sandbox.requestLog.map((entry) => `${entry.method} ${entry.path} ${entry.processedStatus ?? entry.status}`)).toEqual([
			'POST /api/v1/users 200',
			'POST /api/v1/users 400',
			`GET /api/v1/users/${encodeURIComponent('lost.answer@example.com')} 200`,
		]);
	});

	it('create: never resolves to an account that existed before the item started; the item fails saying the login exists', async () => {
		const older = activeUser();
		older.created = new Date(Date.now() - 3600_000).toISOString();
		const login = String(older.profile.login);
		sandbox.faults.set(/^POST \/api\/v1\/users$/, { errorRate: 1, errorStatus: 503, maxStrikes: 1 });
		const [item] = await run('create', newUser(login), { continueOnFail: true });
		expect(item.json.error).toMatch(new RegExp(`^Creating user ${login.replace(/\./g, '\\.')}: POST /api/v1/users was repeated after an attempt that may have reached Okta, and Okta refused the repeat: .*already exists`));
		expect(item.json.resolvedAfterRetry).toBeUndefined();
		expect(usersWithLogin(login)).toEqual([older]);
	});

	it('delete: a lost answer to the deleting DELETE ends in 404 on the repeat, which means done', async () => {
		const user = activeUser();
		sandbox.faults.set(new RegExp(`^DELETE /api/v1/users/${user.id}$`), { dropAfterRate: 1, maxStrikes: 1 });
		const [item] = await run('delete', { userId: byId(user.id) });
		expect(item.json).toEqual({ id: user.id, deleted: true, status: 'DELETED', resolvedAfterRetry: expect.stringContaining('already deleted') });
		expect(sandbox.state.users.has(user.id)).toBe(false);
		expect(requestsMade(sandbox)).toEqual([
			`GET /api/v1/users/${user.id}`,
			`POST /api/v1/users/${user.id}/lifecycle/deactivate`,
			`DELETE /api/v1/users/${user.id}`,
			`DELETE /api/v1/users/${user.id}`,
		]);
	});

	it('delete, Deactivate Only: a lost deactivation is repeated through the lifecycle endpoint and never deletes', async () => {
		const user = activeUser();
		sandbox.faults.set(new RegExp(`^POST /api/v1/users/${user.id}/lifecycle/deactivate$`), { dropAfterRate: 1, maxStrikes: 1 });
		const [item] = await run('delete', { userId: byId(user.id), deleteMode: 'deactivate' });
		expect(item.json).toEqual({ id: user.id, deleted: false, status: 'DEPROVISIONED', resolvedAfterRetry: expect.stringContaining('already DEPROVISIONED') });
		expect(sandbox.state.users.get(user.id)?.status).toBe('DEPROVISIONED');
		expect(sandbox.requestLog.some((entry) => entry.method === 'DELETE')).toBe(false);
	});
});

describe('Create or Update (all paths: createOrUpdate.test.ts)', () => {
	it('creates a user no one matches, then leaves them unchanged without a write', async () => {
		const [created] = await run('createOrUpdate', newUser('upsert.me@example.com'));
		expect(created.json).toMatchObject({ action: 'created', profile: { login: 'upsert.me@example.com' } });
		sandbox.requestLog.length = 0;
		const [again] = await run('createOrUpdate', newUser('upsert.me@example.com'));
		expect(again.json).toMatchObject({ action: 'unchanged', changed: [], id: created.json.id });
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/users']);
	});
});

describe('Get Applications (issue 18)', () => {
	it('lists the active apps a user has, directly and through groups, from their app links', async () => {
		const leaver = [...sandbox.state.users.values()].find((user) => user.profile.login === 'pat.leaver@example.com')!;
		const output = await run('getApplications', { userId: byId(leaver.id) });
		const active = [...sandbox.state.apps.values()].filter((app) => app.status === 'ACTIVE');
		expect(output.map((item) => item.json.label)).toEqual(active.filter((app) => app.label !== 'Legacy Expenses').map((app) => app.label));
		const slack = active.find((app) => app.label === 'Slack')!;
		expect(output[0].json).toEqual({
			appId: slack.id,
			label: 'Slack',
			appName: slack.name,
			linkUrl: `${sandbox.baseUrl}/home/${slack.name}/${slack.id}/1`,
			hidden: false,
			appAssignmentId: sandbox.state.appUsers.get(slack.id)!.get(leaver.id)!.assignmentId,
		});
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/users/${leaver.id}/appLinks`]);
	});
});
