import { startSandbox, type Sandbox } from './index';
import { call, nextLink, profile, responseDrift } from './testClient';

/** Realms: create, get, replace, delete (not while users are in it, never the default realm), list with search and sort. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every response in these tests is also checked against Okta's spec.
afterEach(() => expect(responseDrift(sandbox)).toEqual([]));

it('creates, reads, replaces and deletes a realm', async () => {
	const created = await call(sandbox, 'POST', '/api/v1/realms', { profile: { name: 'Suppliers', realmType: 'PARTNER', domains: ['supplier.example.com'] } });
	expect(created).toMatchObject({ status: 200, body: { isDefault: false, profile: { name: 'Suppliers', realmType: 'PARTNER', domains: ['supplier.example.com'] } } });
	const id = created.body.id as string;
	expect(id).toMatch(/^guo[A-Za-z0-9]{17}$/);
	expect((await call(sandbox, 'GET', `/api/v1/realms/${id}`)).body.profile.name).toBe('Suppliers');
	// PUT replaces: what is left out is gone (realmType falls back to DEFAULT).
	const replaced = await call(sandbox, 'PUT', `/api/v1/realms/${id}`, { profile: { name: 'Suppliers EU' } });
	expect(replaced.body.profile).toEqual({ name: 'Suppliers EU', realmType: 'DEFAULT' });
	expect((await call(sandbox, 'DELETE', `/api/v1/realms/${id}`)).status).toBe(204);
	expect(await call(sandbox, 'GET', `/api/v1/realms/${id}`)).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
});

it('refuses a realm without a name, a duplicate name, and an unknown realm type', async () => {
	expect(await call(sandbox, 'POST', '/api/v1/realms', { profile: { realmType: 'DEFAULT' } })).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
	expect((await call(sandbox, 'POST', '/api/v1/realms', { profile: { name: 'Partners' } })).body.errorCauses[0].errorSummary).toMatch(/already exists/);
	const badType = await call(sandbox, 'POST', '/api/v1/realms', { profile: { name: 'X', realmType: 'VENDOR' } });
	expect(badType.status).toBe(400);
	expect(JSON.stringify(badType.body)).toContain('realmType');
});

it('keeps users\' realms: a realm with users cannot be deleted, and neither can the default realm', async () => {
	const realm = [...sandbox.state.realms.values()].find((entry) => !entry.isDefault)!;
	const user = await call(sandbox, 'POST', '/api/v1/users', { profile: profile('realm@example.com'), realmId: realm.id });
	expect(user.body.realmId).toBe(realm.id);
	expect(await call(sandbox, 'DELETE', `/api/v1/realms/${realm.id}`)).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
	await call(sandbox, 'DELETE', `/api/v1/users/${user.body.id}`);
	await call(sandbox, 'DELETE', `/api/v1/users/${user.body.id}`);
	expect((await call(sandbox, 'DELETE', `/api/v1/realms/${realm.id}`)).status).toBe(204);
	const defaultRealm = [...sandbox.state.realms.values()].find((entry) => entry.isDefault)!;
	expect((await call(sandbox, 'DELETE', `/api/v1/realms/${defaultRealm.id}`)).status).toBe(400);
});

it('lists realms with search, sort and paging', async () => {
	for (const name of ['Zeta', 'Alpha', 'Mu']) await call(sandbox, 'POST', '/api/v1/realms', { profile: { name } });
	const sorted = (await call(sandbox, 'GET', '/api/v1/realms?sortBy=profile.name&sortOrder=desc')).body as Array<{ profile: { name: string } }>;
	const names = sorted.map((realm) => realm.profile.name);
	expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));
	const found = (await call(sandbox, 'GET', `/api/v1/realms?search=${encodeURIComponent('profile.name sw "M"')}`)).body as Array<{ profile: { name: string } }>;
	expect(found.map((realm) => realm.profile.name)).toEqual(['Mu']);
	const page = await call(sandbox, 'GET', '/api/v1/realms?limit=2');
	expect(page.body).toHaveLength(2);
	expect(nextLink(page.headers)).toContain('after=');
});
