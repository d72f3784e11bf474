import type { UserStatus } from './context';
import { startSandbox, type Sandbox } from './index';
import { SEARCH_LIMITS } from './routes/users';
import { activeUser, call, responseDrift, profile, q } from './testClient';

/** Users: create, lifecycle rules, two-step delete, update and replace, search/filter/q, groups, blocks, sessions. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every response in these tests is also checked against Okta's spec.
afterEach(() => expect(responseDrift(sandbox)).toEqual([]));

const withStatus = (status: UserStatus) => [...sandbox.state.users.values()].find((user) => user.status === status)!;
const lifecycle = async (id: string, action: string, query = '') => await call(sandbox, 'POST', `/api/v1/users/${id}/lifecycle/${action}${query}`);

describe('create', () => {
	it('creates ACTIVE with a password, PROVISIONED without, STAGED with activate=false', async () => {
		const withPassword = await call(sandbox, 'POST', '/api/v1/users?activate=true', { profile: profile('pw@example.com'), credentials: { password: { value: 'Abcdef12!' } } });
		expect(withPassword).toMatchObject({ status: 200, body: { status: 'ACTIVE', profile: profile('pw@example.com'), credentials: { provider: { type: 'OKTA' } } } });
		expect(withPassword.body.credentials.password).toEqual({});
		expect((await call(sandbox, 'POST', '/api/v1/users', { profile: profile('nopw@example.com') })).body.status).toBe('PROVISIONED');
		expect((await call(sandbox, 'POST', '/api/v1/users?activate=false', { profile: profile('staged@example.com') })).body.status).toBe('STAGED');
		const expiring = await call(sandbox, 'POST', '/api/v1/users?activate=true&nextLogin=changePassword', { profile: profile('next@example.com'), credentials: { password: { value: 'Abcdef12!' } } });
		expect(expiring.body.status).toBe('PASSWORD_EXPIRED');
	});

	it('keeps custom profile attributes and puts the user in Everyone and the given groups', async () => {
		const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!;
		const created = await call(sandbox, 'POST', '/api/v1/users', { profile: profile('custom@example.com', { costCenter: 'CC-1', employeeNumber: '42' }), groupIds: [group.id] });
		expect(created.body.profile).toMatchObject({ costCenter: 'CC-1', employeeNumber: '42' });
		const groups = (await call(sandbox, 'GET', `/api/v1/users/${created.body.id}/groups`)).body as Array<{ profile: { name: string }; type: string }>;
		expect(groups.map((entry) => entry.profile.name).sort()).toEqual([group.profile.name, 'Everyone'].sort());
	});

	it('refuses a duplicate login, an unknown type or group, and missing base attributes with 400 E0000001', async () => {
		const taken = activeUser(sandbox).profile.login as string;
		const duplicate = await call(sandbox, 'POST', '/api/v1/users', { profile: profile(taken.toUpperCase()) });
		expect(duplicate).toMatchObject({ status: 400, body: { errorCode: 'E0000001', errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }] } });
		expect((await call(sandbox, 'POST', '/api/v1/users', { profile: profile('t@example.com'), type: { id: 'otyNope' } })).status).toBe(400);
		expect((await call(sandbox, 'POST', '/api/v1/users', { profile: profile('g@example.com'), groupIds: ['00gNope'] })).status).toBe(400);
		const blank = await call(sandbox, 'POST', '/api/v1/users', { profile: { login: 'blank@example.com' } });
		expect(blank.body.errorCauses.map((cause: { errorSummary: string }) => cause.errorSummary)).toEqual(['email: The field cannot be left blank', 'firstName: The field cannot be left blank', 'lastName: The field cannot be left blank']);
	});

	it('creates federated users ACTIVE without a password when provider=true', async () => {
		const created = await call(sandbox, 'POST', '/api/v1/users?provider=true', { profile: profile('fed@example.com'), credentials: { provider: { type: 'FEDERATION', name: 'FEDERATION' } } });
		expect(created.body).toMatchObject({ status: 'ACTIVE', credentials: { provider: { type: 'FEDERATION' } } });
	});

	it('sets the user type and realm when given', async () => {
		const type = [...sandbox.state.userTypes.values()].find((entry) => !entry.default)!;
		const realm = [...sandbox.state.realms.values()][0];
		const created = await call(sandbox, 'POST', '/api/v1/users', { profile: profile('typed@example.com'), type: { id: type.id }, realmId: realm.id });
		expect(created.body).toMatchObject({ type: { id: type.id }, realmId: realm.id });
	});
});

describe('lifecycle', () => {
	it('allows only Okta\'s transitions, with 403 E0000038 otherwise', async () => {
		const staged = (await call(sandbox, 'POST', '/api/v1/users?activate=false', { profile: profile('life@example.com') })).body.id;
		expect(await lifecycle(staged, 'suspend')).toMatchObject({ status: 403, body: { errorCode: 'E0000038' } });
		expect((await lifecycle(staged, 'activate', '?sendEmail=false')).body).toMatchObject({ activationToken: expect.any(String), activationUrl: expect.any(String) });
		expect(sandbox.state.users.get(staged)!.status).toBe('PROVISIONED');
		expect((await lifecycle(staged, 'activate')).status).toBe(403);
		expect((await lifecycle(staged, 'reactivate', '?sendEmail=false')).status).toBe(200);

		const active = activeUser(sandbox).id;
		expect((await lifecycle(active, 'unsuspend')).status).toBe(403);
		expect((await lifecycle(active, 'unlock')).status).toBe(403);
		expect((await lifecycle(active, 'reactivate')).status).toBe(403);
		expect((await lifecycle(active, 'suspend')).status).toBe(200);
		expect(sandbox.state.users.get(active)!.status).toBe('SUSPENDED');
		expect((await lifecycle(active, 'suspend')).status).toBe(403);
		expect((await lifecycle(active, 'unsuspend')).status).toBe(200);
		expect(sandbox.state.users.get(active)!.status).toBe('ACTIVE');

		const locked = withStatus('LOCKED_OUT').id;
		expect((await lifecycle(locked, 'unlock')).status).toBe(200);
		expect(sandbox.state.users.get(locked)!.status).toBe('ACTIVE');

		const gone = withStatus('DEPROVISIONED').id;
		expect((await lifecycle(gone, 'deactivate')).status).toBe(403);
		expect((await lifecycle(gone, 'activate', '?sendEmail=false')).status).toBe(200);
	});

	it('reactivates PROVISIONED and RECOVERY users, and unlocks ACTIVE users only when they are blocked', async () => {
		const user = activeUser(sandbox);
		await lifecycle(user.id, 'reset_password', '?sendEmail=false');
		expect(sandbox.state.users.get(user.id)!.status).toBe('RECOVERY');
		expect((await lifecycle(user.id, 'reactivate', '?sendEmail=false')).body).toMatchObject({ activationToken: expect.any(String) });
		expect(sandbox.state.users.get(user.id)!.status).toBe('PROVISIONED');

		const blocked = [...sandbox.state.users.values()].find((entry) => entry.status === 'ACTIVE' && entry.blocks.length > 0)!;
		expect((await call(sandbox, 'GET', `/api/v1/users/${blocked.id}/blocks`)).body).toEqual([{ type: 'DEVICE_BASED', appliesTo: 'UNKNOWN_DEVICES' }]);
		expect((await lifecycle(blocked.id, 'unlock')).status).toBe(200);
		expect((await call(sandbox, 'GET', `/api/v1/users/${blocked.id}/blocks`)).body).toEqual([]);
		expect(sandbox.state.users.get(blocked.id)!.status).toBe('ACTIVE');
		expect((await lifecycle(blocked.id, 'unlock')).status).toBe(403);
	});

	it('expires and resets passwords, resets factors and clears sessions', async () => {
		const user = activeUser(sandbox);
		const expired = await lifecycle(user.id, 'expire_password');
		expect(expired.body).toMatchObject({ id: user.id, status: 'PASSWORD_EXPIRED' });
		expect((await lifecycle(user.id, 'reset_password')).body).toMatchObject({ errorCode: 'E0000001' });
		expect((await lifecycle(user.id, 'reset_password', '?sendEmail=false')).body.resetPasswordUrl).toEqual(expect.any(String));
		expect(sandbox.state.users.get(user.id)!.status).toBe('RECOVERY');
		const other = activeUser(sandbox);
		expect((await lifecycle(other.id, 'expire_password_with_temp_password')).body.tempPassword).toEqual(expect.any(String));
		expect((await lifecycle(other.id, 'reset_factors')).status).toBe(200);
		expect((await call(sandbox, 'DELETE', `/api/v1/users/${other.id}/sessions`)).status).toBe(204);
		expect((await lifecycle(other.id, 'explode')).status).toBe(404);
	});

	it('deletes in two steps: the first DELETE deactivates, the second deletes', async () => {
		const user = activeUser(sandbox);
		expect((await call(sandbox, 'DELETE', `/api/v1/users/${user.id}`)).status).toBe(204);
		expect(sandbox.state.users.get(user.id)?.status).toBe('DEPROVISIONED');
		expect((await call(sandbox, 'GET', `/api/v1/users/${user.id}`)).body.status).toBe('DEPROVISIONED');
		expect((await call(sandbox, 'DELETE', `/api/v1/users/${user.id}`)).status).toBe(204);
		expect(sandbox.state.users.has(user.id)).toBe(false);
		expect([...sandbox.state.memberships.values()].some((members) => members.has(user.id))).toBe(false);
		expect(await call(sandbox, 'GET', `/api/v1/users/${user.id}`)).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
	});
});

describe('read and update', () => {
	it('finds a user by id, by login and by short login', async () => {
		const user = activeUser(sandbox);
		const login = String(user.profile.login);
		for (const key of [user.id, login, login.split('@')[0]]) expect((await call(sandbox, 'GET', `/api/v1/users/${encodeURIComponent(key)}`)).body.id).toBe(user.id);
		expect((await call(sandbox, 'GET', '/api/v1/users/00uMissing')).body.errorSummary).toBe('Not found: Resource not found: 00uMissing (User)');
	});

	it('answers /users/me with the user the token acts for', async () => {
		expect((await call(sandbox, 'GET', '/api/v1/users/me')).body.id).toBe(activeUser(sandbox).id);
	});

	it('updates partially with POST and replaces with PUT', async () => {
		const user = activeUser(sandbox);
		await call(sandbox, 'POST', `/api/v1/users/${user.id}`, { profile: { title: 'Boss', costCenter: 'x' } });
		expect(sandbox.state.users.get(user.id)!.profile).toMatchObject({ title: 'Boss', costCenter: 'x', login: user.profile.login });
		const replaced = await call(sandbox, 'PUT', `/api/v1/users/${user.id}`, { profile: profile('replaced@example.com') });
		expect(replaced.body.profile).toEqual(profile('replaced@example.com'));
		expect((await call(sandbox, 'PUT', `/api/v1/users/${user.id}`, { profile: { login: 'only@example.com' } })).status).toBe(400);
		const other = [...sandbox.state.users.values()].find((entry) => entry.id !== user.id)!;
		expect((await call(sandbox, 'POST', `/api/v1/users/${user.id}`, { profile: { login: other.profile.login } })).body.errorCauses[0].errorSummary).toMatch(/already exists/);
	});

	it('lists the user\'s groups and blocks', async () => {
		const user = activeUser(sandbox);
		expect(((await call(sandbox, 'GET', `/api/v1/users/${user.id}/groups`)).body as Array<{ profile: { name: string } }>).map((group) => group.profile.name)).toContain('Everyone');
		expect((await call(sandbox, 'GET', `/api/v1/users/${user.id}/blocks`)).body).toEqual([]);
	});
});

describe('search, filter and q', () => {
	const ids = async (query: string) => ((await call(sandbox, 'GET', `/api/v1/users?${query}`)).body as Array<{ id: string }>).map((user) => user.id).sort();
	const expected = (test: (user: ReturnType<typeof activeUser>) => boolean) => [...sandbox.state.users.values()].filter(test).map((user) => user.id).sort();

	it('hides DEPROVISIONED users unless a search or filter is given (spec, listUsers)', async () => {
		expect(await ids('')).toEqual(expected((user) => user.status !== 'DEPROVISIONED'));
		expect(await ids(`search=${q('profile.title pr')}`)).toEqual(expected((user) => user.profile.title !== undefined));
		expect(await ids(`search=${q('status eq "DEPROVISIONED"')}`)).toEqual(expected((user) => user.status === 'DEPROVISIONED'));
		expect(await ids(`filter=${q('status eq "DEPROVISIONED"')}`)).toEqual(expected((user) => user.status === 'DEPROVISIONED'));
	});

	it('supports eq, sw, co, pr, gt/lt, and, or and parentheses in search, on custom attributes too', async () => {
		expect(await ids(`search=${q('profile.department eq "IT"')}`)).toEqual(expected((user) => user.profile.department === 'IT'));
		expect(await ids(`search=${q('profile.firstName sw "Gr"')}`)).toEqual(expected((user) => String(user.profile.firstName).startsWith('Gr')));
		expect(await ids(`search=${q('profile.login co "hopper"')}`)).toEqual(expected((user) => String(user.profile.login).includes('hopper')));
		expect(await ids(`search=${q('profile.title pr and (status eq "ACTIVE" or status eq "SUSPENDED")')}`)).toEqual(expected((user) => user.status === 'ACTIVE' || user.status === 'SUSPENDED'));
		expect(await ids(`search=${q('lastUpdated gt "2000-01-01T00:00:00.000Z" and status eq "STAGED"')}`)).toEqual(expected((user) => user.status === 'STAGED'));
		expect(await ids(`search=${q('created lt "2000-01-01T00:00:00.000Z"')}`)).toEqual([]);
	});

	it('answers OR-chains up to the modelled limit and refuses longer ones with E0000031, as Okta refuses overly long searches', async () => {
		const logins = [...sandbox.state.users.values()].map((user) => user.id);
		const chain = (count: number) => Array.from({ length: count }, (_, index) => `id eq "${logins[index % logins.length]}"`).join(' or ');
		const within = await call(sandbox, 'GET', `/api/v1/users?search=${q(chain(SEARCH_LIMITS.maxTerms))}`);
		expect(within.status).toBe(200);
		expect((within.body as unknown[]).length).toBe(Math.min(SEARCH_LIMITS.maxTerms, logins.length));
		const tooMany = await call(sandbox, 'GET', `/api/v1/users?search=${q(chain(SEARCH_LIMITS.maxTerms + 1))}`);
		expect(tooMany).toMatchObject({ status: 400, body: { errorCode: 'E0000031', errorCauses: [{ errorSummary: `search: the expression has ${SEARCH_LIMITS.maxTerms + 1} terms; at most ${SEARCH_LIMITS.maxTerms} are accepted` }] } });
		const long = `profile.login eq "${'x'.repeat(SEARCH_LIMITS.maxLength)}"`;
		expect((await call(sandbox, 'GET', `/api/v1/users?search=${q(long)}`)).body).toMatchObject({ errorCode: 'E0000031' });
	});

	it('sorts search results with sortBy and sortOrder', async () => {
		const listed = (await call(sandbox, 'GET', `/api/v1/users?search=${q('status eq "ACTIVE"')}&sortBy=profile.login&sortOrder=desc`)).body as Array<{ profile: { login: string } }>;
		const logins = listed.map((user) => user.profile.login);
		expect(logins).toEqual([...logins].sort((a, b) => b.localeCompare(a)));
	});

	it('limits filter to the attributes Okta allows, and rejects bad expressions with E0000031', async () => {
		expect((await call(sandbox, 'GET', `/api/v1/users?filter=${q('profile.department eq "IT"')}`)).status).toBe(400);
		expect(await ids(`filter=${q('profile.lastName eq "Lovelace" or status eq "SUSPENDED"')}`)).toEqual(expected((user) => user.profile.lastName === 'Lovelace' || user.status === 'SUSPENDED'));
		for (const bad of ['profile.login sw', 'status eq "ACTIVE" and', '(status eq "ACTIVE"', 'status like "x"']) {
			expect((await call(sandbox, 'GET', `/api/v1/users?search=${q(bad)}`)).body).toMatchObject({ errorCode: 'E0000031' });
		}
	});

	it('matches q as a prefix of first name, last name, email or login', async () => {
		expect(await ids('q=grace')).toEqual(expected((user) => String(user.profile.firstName).toLowerCase().startsWith('grace') && user.status !== 'DEPROVISIONED'));
		expect(await ids('q=Hopper')).toEqual(expected((user) => ['firstName', 'lastName', 'email', 'login'].some((key) => String(user.profile[key]).toLowerCase().startsWith('hopper')) && user.status !== 'DEPROVISIONED'));
	});
});
