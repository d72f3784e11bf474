import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { byId, expectEveryOperationRun, requestsMade, runOperation } from '../run';

expectEveryOperationRun('realm');

/** Realm operations against the sandbox: output, state afterwards, and spec validation of every request. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every request any test made must have passed the spec validation, both ways.
afterEach(() => requestsMade(sandbox));

const run = (operation: string, parameters: IDataObject, options?: Parameters<typeof runOperation>[4]) => runOperation(sandbox, 'realm', operation, parameters, options);
const realmNamed = (name: string) => [...sandbox.state.realms.values()].find((realm) => realm.profile.name === name)!;
const partners = () => realmNamed('Partners');
const defaultRealm = () => [...sandbox.state.realms.values()].find((realm) => realm.isDefault)!;

function addRealms(count: number): void {
	const stamp = new Date().toISOString();
	for (let index = 0; index < count; index++) {
		const id = `guoBulk${String(index).padStart(13, '0')}`;
		sandbox.state.realms.set(id, { id, created: stamp, lastUpdated: stamp, isDefault: false, profile: { name: `Bulk ${String(index).padStart(4, '0')}`, realmType: 'DEFAULT' } });
	}
}

describe('Create', () => {
	it('creates a partner realm with domains', async () => {
		const [created] = await run('create', { name: 'Suppliers', realmType: 'PARTNER', additionalFields: { domains: [' supplier.example.com ', '', 'vendor.example.com'] } });
		const id = String(created.json.id);
		expect(created.json).toMatchObject({ id, isDefault: false, name: 'Suppliers', realmType: 'PARTNER' });
		expect(sandbox.state.realms.get(id)?.profile).toEqual({ name: 'Suppliers', realmType: 'PARTNER', domains: ['supplier.example.com', 'vendor.example.com'] });
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/realms']);
		expect(sandbox.requestLog[0].body).toEqual({ profile: { name: 'Suppliers', realmType: 'PARTNER', domains: ['supplier.example.com', 'vendor.example.com'] } });
	});

	it('creates a DEFAULT realm without sending domains when none are given', async () => {
		const [created] = await run('create', { name: 'Staff' });
		expect(sandbox.state.realms.get(String(created.json.id))?.profile).toEqual({ name: 'Staff', realmType: 'DEFAULT' });
		expect(sandbox.requestLog[0].body).toEqual({ profile: { name: 'Staff', realmType: 'DEFAULT' } });
	});

	it('names the item and field for a bad domain or realm type, without calling Okta', async () => {
		await expect(run('create', { name: 'X', additionalFields: { domains: ['https://x.example.com/'] } })).rejects.toThrow(
			'Domains (item 0): "https://x.example.com/" is not a domain name',
		);
		await expect(run('create', { name: 'X', realmType: '={{ "customer" }}' })).rejects.toThrow('Realm Type (item 0): "customer" is not a realm type. Use DEFAULT or PARTNER.');
		await expect(run('create', { name: '  ' })).rejects.toThrow('Name (item 0): is required');
		expect(sandbox.requestLog).toHaveLength(0);
	});

	it('with Continue On Fail, creates the good items and reports each bad one by item', async () => {
		const items = [{ json: { name: 'Good', domain: 'good.example.com' } }, { json: { name: 'Bad', domain: 'bad domain' } }, { json: { name: 'Partners', domain: 'p.example.com' } }];
		const output = await run('create', { name: '={{ $json.name }}', realmType: 'DEFAULT', additionalFields: { domains: ['={{ $json.domain }}'] } }, { items, continueOnFail: true });
		expect(output).toHaveLength(3);
		expect(output[0].json).toMatchObject({ name: 'Good', domains: ['good.example.com'] });
		expect(output[1].json).toMatchObject({ itemIndex: 1, error: expect.stringMatching(/^Domains \(item 1\): "bad domain" is not a domain name/) });
		expect(output[2].json).toMatchObject({ itemIndex: 2, httpCode: '400', error: expect.stringContaining('A realm with this name already exists') });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect([...sandbox.state.realms.values()].map((realm) => realm.profile.name).sort()).toEqual(['Default Realm', 'Good', 'Partners']);
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/realms', 'POST /api/v1/realms']);
	});
});

describe('Get', () => {
	it('gets a realm, simplified by default and raw on request', async () => {
		const realm = partners();
		const [simple] = await run('get', { realmId: byId(realm.id) });
		expect(simple.json).toEqual({
			id: realm.id,
			name: 'Partners',
			realmType: 'PARTNER',
			domains: ['partner.example.com'],
			isDefault: false,
			created: realm.created,
			lastUpdated: realm.lastUpdated,
		});
		const [raw] = await run('get', { realmId: byId(realm.id), simplify: false });
		expect(raw.json).toMatchObject({ id: realm.id, profile: realm.profile, _links: { self: { href: expect.stringContaining(realm.id) } } });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/realms/${realm.id}`, `GET /api/v1/realms/${realm.id}`]);
	});

	it('reports an unknown realm as Okta\'s 404 on that item', async () => {
		const output = await run('get', { realmId: byId('={{ $json.id }}') }, { items: [{ json: { id: 'guoMissing0000000000' } }, { json: { id: partners().id } }], continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, httpCode: '404' });
		expect(output[1].json).toMatchObject({ name: 'Partners' });
	});
});

describe('Get Many', () => {
	it('returns all realms across pages of 200 with the minimum number of requests', async () => {
		addRealms(450);
		const output = await run('getMany', { returnAll: true });
		expect(output).toHaveLength(452);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(452);
		expect(output[0].json).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String), realmType: expect.any(String) }));
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/realms', 'GET /api/v1/realms', 'GET /api/v1/realms']);
		expect(sandbox.requestLog[0].query).toEqual({ limit: '200' });
	});

	it('asks Okta for just the Limit', async () => {
		addRealms(30);
		const output = await run('getMany', { returnAll: false, limit: 7, simplify: false });
		expect(output).toHaveLength(7);
		expect(output[0].json).toHaveProperty('profile');
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/realms']);
		expect(sandbox.requestLog[0].query).toEqual({ limit: '7' });
	});

	it('searches and sorts', async () => {
		addRealms(3);
		const output = await run('getMany', { returnAll: true, filters: { search: 'profile.name co "Bulk"', sortBy: 'profile.name', sortOrder: 'desc' } });
		expect(output.map((item) => item.json.name)).toEqual(['Bulk 0002', 'Bulk 0001', 'Bulk 0000']);
		expect(sandbox.requestLog[0].query).toEqual({ search: 'profile.name co "Bulk"', sortBy: 'profile.name', sortOrder: 'desc', limit: '200' });
	});

	it('refuses Sort By without a Search Expression, which Okta would silently ignore', async () => {
		await expect(run('getMany', { returnAll: true, filters: { sortBy: 'profile.name' } })).rejects.toThrow('Sort By (item 0): needs a Search Expression');
		expect(sandbox.requestLog).toHaveLength(0);
	});
});

describe('Update', () => {
	it('changes the name and keeps the realm type and domains (Okta only replaces)', async () => {
		const realm = partners();
		const [updated] = await run('update', { realmId: byId(realm.id), updateFields: { name: 'Partners EU' } });
		expect(updated.json).toMatchObject({ id: realm.id, name: 'Partners EU', realmType: 'PARTNER', domains: ['partner.example.com'] });
		expect(sandbox.state.realms.get(realm.id)!.profile).toEqual({ name: 'Partners EU', realmType: 'PARTNER', domains: ['partner.example.com'] });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/realms/${realm.id}`, `PUT /api/v1/realms/${realm.id}`]);
		expect(sandbox.requestLog[1].body).toEqual({ profile: { name: 'Partners EU', realmType: 'PARTNER', domains: ['partner.example.com'] } });
	});

	it('changes domains or the realm type alone and keeps the name', async () => {
		const realm = partners();
		await run('update', { realmId: byId(realm.id), updateFields: { domains: ['a.example.com', 'b.example.com'] } });
		expect(sandbox.state.realms.get(realm.id)!.profile).toEqual({ name: 'Partners', realmType: 'PARTNER', domains: ['a.example.com', 'b.example.com'] });
		await run('update', { realmId: byId(realm.id), updateFields: { realmType: 'DEFAULT' } });
		expect(sandbox.state.realms.get(realm.id)!.profile).toEqual({ name: 'Partners', realmType: 'DEFAULT', domains: ['a.example.com', 'b.example.com'] });
	});

	it('asks for at least one field and refuses a bad domain, before any request', async () => {
		await expect(run('update', { realmId: byId(partners().id) })).rejects.toThrow('Update Fields (item 0): add at least one field to change');
		await expect(run('update', { realmId: byId(partners().id), updateFields: { name: '   ' } })).rejects.toThrow('Update Fields (item 0): add at least one field to change');
		await expect(run('update', { realmId: byId(partners().id), updateFields: { domains: ['a;b.com'] } })).rejects.toThrow('Domains (item 0): "a;b.com" is not a domain name');
		expect(sandbox.requestLog).toHaveLength(0);
	});

	it('writes nothing when the realm does not exist', async () => {
		await expect(run('update', { realmId: byId('guoMissing0000000000'), updateFields: { name: 'X' } })).rejects.toThrow(/HTTP 404/);
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/realms/guoMissing0000000000']);
	});
});

describe('Delete', () => {
	it('deletes an empty realm and reports a realm with users, and the default realm, by item', async () => {
		const realm = partners();
		const busy = String((await run('create', { name: 'Busy' }))[0].json.id);
		[...sandbox.state.users.values()][0].realmId = busy;
		sandbox.requestLog.length = 0;
		const items = [{ json: { id: busy } }, { json: { id: realm.id } }, { json: { id: defaultRealm().id } }];
		const output = await run('delete', { realmId: byId('={{ $json.id }}') }, { items, continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, httpCode: '400', error: expect.stringContaining('move them first') });
		expect(output[1].json).toEqual({ id: realm.id, deleted: true });
		expect(output[2].json).toMatchObject({ itemIndex: 2, httpCode: '400', error: expect.stringContaining('default realm cannot be deleted') });
		expect(sandbox.state.realms.has(realm.id)).toBe(false);
		expect(sandbox.state.realms.has(busy)).toBe(true);
		expect(sandbox.state.realms.has(defaultRealm().id)).toBe(true);
		expect(requestsMade(sandbox)).toEqual([`DELETE /api/v1/realms/${busy}`, `DELETE /api/v1/realms/${realm.id}`, `DELETE /api/v1/realms/${defaultRealm().id}`]);
	});

	it('refuses an empty Realm ID', async () => {
		await expect(run('delete', { realmId: byId('') })).rejects.toThrow('Realm (item 0): is empty');
		expect(sandbox.requestLog).toHaveLength(0);
	});
});
