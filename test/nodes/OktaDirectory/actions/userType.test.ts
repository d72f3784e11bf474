import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { byId, requestsMade, runOperation } from '../run';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'empty' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const run = (operation: string, parameters: IDataObject, options?: Parameters<typeof runOperation>[4]) => runOperation(sandbox, 'userType', operation, parameters, options);

describe('User Type', () => {
	it('creates, gets (also "default"), lists, updates and replaces a type', async () => {
		const [created] = await run('create', { name: 'contractor', displayName: 'Contractor', description: 'External' });
		const id = String(created.json.id);
		expect(sandbox.state.userTypes.get(id)).toMatchObject({ name: 'contractor', displayName: 'Contractor', description: 'External' });
		expect((await run('get', { typeId: byId('default') }))[0].json).toMatchObject({ default: true });
		expect((await run('getMany', { returnAll: true })).map((item) => item.json.name).sort()).toEqual(['contractor', 'user']);
		await run('update', { typeId: byId(id), updateFields: { description: 'Contractors and vendors' } });
		expect(sandbox.state.userTypes.get(id)).toMatchObject({ displayName: 'Contractor', description: 'Contractors and vendors' });
		await run('replace', { typeId: byId(id), displayName: 'Vendor' });
		expect(sandbox.state.userTypes.get(id)).toMatchObject({ name: 'contractor', displayName: 'Vendor', description: '' });
		expect(requestsMade(sandbox)).toEqual([
			'POST /api/v1/meta/types/user',
			'GET /api/v1/meta/types/user/default',
			'GET /api/v1/meta/types/user',
			`POST /api/v1/meta/types/user/${id}`,
			`GET /api/v1/meta/types/user/${id}`,
			`PUT /api/v1/meta/types/user/${id}`,
		]);
	});

	it('reports the tenth custom type, the default type and a type in use by item', async () => {
		const items = Array.from({ length: 10 }, (_, index) => ({ json: { name: `type_${index}` } }));
		const output = await run('create', { name: '={{ $json.name }}', displayName: '={{ $json.name }}' }, { items, continueOnFail: true });
		expect(output.filter((item) => item.json.error === undefined)).toHaveLength(9);
		expect(output[9].json).toMatchObject({ itemIndex: 9, error: expect.stringContaining('maximum of 9') });
		await expect(run('delete', { typeId: byId('default') })).rejects.toThrow(/HTTP 403/);
		const used = [...sandbox.state.userTypes.values()].find((type) => type.name === 'type_0')!;
		await runOperation(sandbox, 'user', 'create', { login: 'u@example.com', email: 'u@example.com', firstName: 'U', lastName: 'V', additionalFields: { typeId: used.id } });
		await expect(run('delete', { typeId: byId(used.id) })).rejects.toThrow(/assigned to users/);
		const unused = [...sandbox.state.userTypes.values()].find((type) => type.name === 'type_1')!;
		expect((await run('delete', { typeId: byId(unused.id) }))[0].json).toEqual({ id: unused.id, deleted: true });
	});

	it('refuses an invalid API name before calling Okta', async () => {
		await expect(run('create', { name: '1bad name', displayName: 'x' })).rejects.toThrow('Name (item 0): "1bad name" must start with a letter');
		expect(sandbox.requestLog).toHaveLength(0);
	});
});
