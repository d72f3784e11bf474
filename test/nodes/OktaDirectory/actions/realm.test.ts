import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { byId, requestsMade, runOperation } from '../run';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const run = (operation: string, parameters: IDataObject, options?: Parameters<typeof runOperation>[4]) => runOperation(sandbox, 'realm', operation, parameters, options);
const partners = () => [...sandbox.state.realms.values()].find((realm) => realm.profile.name === 'Partners')!;

describe('Realm', () => {
	it('creates, gets and lists realms', async () => {
		const [created] = await run('create', { name: 'Suppliers', additionalFields: { realmType: 'PARTNER', domains: ['supplier.example.com'] } });
		expect(sandbox.state.realms.get(String(created.json.id))?.profile).toEqual({ name: 'Suppliers', realmType: 'PARTNER', domains: ['supplier.example.com'] });
		const [got] = await run('get', { realmId: byId(String(created.json.id)) });
		expect(got.json).toMatchObject({ id: created.json.id, name: 'Suppliers', realmType: 'PARTNER' });
		const all = await run('getMany', { returnAll: true, filters: { search: 'profile.name sw "Sup"' } });
		expect(all.map((item) => item.json.name)).toEqual(['Suppliers']);
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/realms', `GET /api/v1/realms/${String(created.json.id)}`, 'GET /api/v1/realms']);
	});

	it('updates by merging into the current profile (Okta only replaces)', async () => {
		const realm = partners();
		await run('update', { realmId: byId(realm.id), updateFields: { name: 'Partners EU' } });
		expect(sandbox.state.realms.get(realm.id)!.profile).toEqual({ name: 'Partners EU', realmType: 'PARTNER', domains: ['partner.example.com'] });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/realms/${realm.id}`, `PUT /api/v1/realms/${realm.id}`]);
	});

	it('deletes an empty realm and reports a realm with users by item', async () => {
		const realm = partners();
		const busy = (await run('create', { name: 'Busy' }))[0].json.id as string;
		[...sandbox.state.users.values()][0].realmId = busy;
		const output = await run('delete', { realmId: byId('={{ $json.id }}') }, { items: [{ json: { id: busy } }, { json: { id: realm.id } }], continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, httpCode: '400', error: expect.stringContaining('move them first') });
		expect(output[1].json).toEqual({ id: realm.id, deleted: true });
		expect(sandbox.state.realms.has(realm.id)).toBe(false);
	});

	it('asks for at least one field to update', async () => {
		await expect(run('update', { realmId: byId(partners().id) })).rejects.toThrow('Update Fields (item 0): add at least one field to change');
	});
});
