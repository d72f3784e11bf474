import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { byId, expectEveryOperationRun, requestsMade, runOperation } from '../run';

expectEveryOperationRun('userType');

/** User type operations against the sandbox: output, state afterwards, and spec validation of every request. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every request any test made must have passed the spec validation, both ways.
afterEach(() => requestsMade(sandbox));

const run = (operation: string, parameters: IDataObject, options?: Parameters<typeof runOperation>[4]) => runOperation(sandbox, 'userType', operation, parameters, options);
const types = () => [...sandbox.state.userTypes.values()];
const defaultType = () => types().find((type) => type.default)!;
const contractor = () => types().find((type) => type.name === 'contractor')!;
const typePath = (id: string) => `/api/v1/meta/types/user/${id}`;

describe('Create', () => {
	it('creates a user type', async () => {
		const [created] = await run('create', { name: 'partner_staff', displayName: 'Partner Staff', description: 'People at partners' });
		const id = String(created.json.id);
		expect(created.json).toMatchObject({ id, name: 'partner_staff', displayName: 'Partner Staff', description: 'People at partners', default: false });
		expect(sandbox.state.userTypes.get(id)).toMatchObject({ name: 'partner_staff', displayName: 'Partner Staff', description: 'People at partners' });
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/meta/types/user']);
		expect(sandbox.requestLog[0].body).toEqual({ name: 'partner_staff', displayName: 'Partner Staff', description: 'People at partners' });
	});

	it('refuses an invalid API name or an empty display name before calling Okta', async () => {
		await expect(run('create', { name: '1bad name', displayName: 'x' })).rejects.toThrow('Name (item 0): "1bad name" must start with a letter and contain only letters, digits and underscores');
		await expect(run('create', { name: 'has-dash', displayName: 'x' })).rejects.toThrow('Name (item 0): "has-dash" must start with a letter');
		await expect(run('create', { name: 'ok', displayName: ' ' })).rejects.toThrow('Display Name (item 0): is required');
		expect(sandbox.requestLog).toHaveLength(0);
	});

	it('reports the tenth custom type by item with Continue On Fail, after creating the other nine', async () => {
		sandbox.reset('empty');
		const items = Array.from({ length: 11 }, (_, index) => ({ json: { name: index === 4 ? '4th bad' : `type_${index}` } }));
		const output = await run('create', { name: '={{ $json.name }}', displayName: '={{ $json.name }}' }, { items, continueOnFail: true });
		expect(output).toHaveLength(11);
		expect(output[4].json).toMatchObject({ itemIndex: 4, error: expect.stringMatching(/^Name \(item 4\): "4th bad" must start with a letter/) });
		expect(output.slice(0, 10).filter((item) => item.json.error === undefined)).toHaveLength(9);
		expect(output[10].json).toMatchObject({ itemIndex: 10, httpCode: '400', error: expect.stringContaining('maximum of 9 user types besides the default type') });
		expect(types().filter((type) => !type.default)).toHaveLength(9);
		expect(types().some((type) => type.name === 'type_10')).toBe(false);
		expect(requestsMade(sandbox)).toHaveLength(10);
	});
});

describe('Get and Get Many', () => {
	it('gets the built-in type as "default" and a custom type by ID', async () => {
		const [builtIn] = await run('get', { typeId: byId('default') });
		expect(builtIn.json).toMatchObject({ id: defaultType().id, name: 'user', default: true });
		const [custom] = await run('get', { typeId: byId(contractor().id) });
		expect(custom.json).toMatchObject({ id: contractor().id, name: 'contractor', displayName: 'Contractor', default: false });
		expect(requestsMade(sandbox)).toEqual([`GET ${typePath('default')}`, `GET ${typePath(contractor().id)}`]);
	});

	it('reports an unknown type ID as Okta\'s 404 on that item', async () => {
		const output = await run('get', { typeId: byId('={{ $json.id }}') }, { items: [{ json: { id: 'otyMissing0000000000' } }, { json: { id: 'default' } }], continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, httpCode: '404' });
		expect(output[1].json).toMatchObject({ default: true });
	});

	it('lists every type in one request (the list is not paginated), or the first Limit of them', async () => {
		const all = await run('getMany', { returnAll: true });
		expect(all.map((item) => item.json.name).sort()).toEqual(['contractor', 'user']);
		const limited = await run('getMany', { returnAll: false, limit: 1 });
		expect(limited).toHaveLength(1);
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/meta/types/user', 'GET /api/v1/meta/types/user']);
		expect(sandbox.requestLog.map((entry) => entry.query)).toEqual([{}, {}]);
	});
});

describe('Update and Replace', () => {
	it('Update changes only the fields given (partial POST)', async () => {
		const { id } = contractor();
		const [updated] = await run('update', { typeId: byId(id), updateFields: { description: 'Contractors and vendors' } });
		expect(updated.json).toMatchObject({ id, name: 'contractor', displayName: 'Contractor', description: 'Contractors and vendors' });
		expect(sandbox.state.userTypes.get(id)).toMatchObject({ name: 'contractor', displayName: 'Contractor', description: 'Contractors and vendors' });
		await run('update', { typeId: byId(id), updateFields: { displayName: 'Vendor' } });
		expect(sandbox.state.userTypes.get(id)).toMatchObject({ name: 'contractor', displayName: 'Vendor', description: 'Contractors and vendors' });
		expect(requestsMade(sandbox)).toEqual([`POST ${typePath(id)}`, `POST ${typePath(id)}`]);
		expect(sandbox.requestLog.map((entry) => entry.body)).toEqual([{ description: 'Contractors and vendors' }, { displayName: 'Vendor' }]);
	});

	it('Update asks for at least one field', async () => {
		await expect(run('update', { typeId: byId(contractor().id), updateFields: { displayName: '  ' } })).rejects.toThrow('Update Fields (item 0): add Display Name or Description');
		expect(sandbox.requestLog).toHaveLength(0);
	});

	it('Replace sends the unchanged name read from Okta, and clears a description left empty', async () => {
		const { id } = contractor();
		const [replaced] = await run('replace', { typeId: byId(id), displayName: 'Vendor' });
		expect(replaced.json).toMatchObject({ id, name: 'contractor', displayName: 'Vendor', description: '' });
		expect(sandbox.state.userTypes.get(id)).toMatchObject({ name: 'contractor', displayName: 'Vendor', description: '' });
		await run('replace', { typeId: byId(id), displayName: 'Vendor', description: 'Outside vendors' });
		expect(sandbox.state.userTypes.get(id)).toMatchObject({ name: 'contractor', displayName: 'Vendor', description: 'Outside vendors' });
		expect(requestsMade(sandbox)).toEqual([`GET ${typePath(id)}`, `PUT ${typePath(id)}`, `GET ${typePath(id)}`, `PUT ${typePath(id)}`]);
		expect(sandbox.requestLog[1].body).toEqual({ name: 'contractor', displayName: 'Vendor', description: '' });
	});

	it('Replace refuses an empty display name before calling Okta', async () => {
		await expect(run('replace', { typeId: byId(contractor().id), displayName: '' })).rejects.toThrow('Display Name (item 0): is required');
		expect(sandbox.requestLog).toHaveLength(0);
	});
});

describe('Delete', () => {
	it('deletes an unused custom type', async () => {
		const [created] = await run('create', { name: 'temporary', displayName: 'Temporary' });
		const id = String(created.json.id);
		const [deleted] = await run('delete', { typeId: byId(id) });
		expect(deleted.json).toEqual({ id, deleted: true });
		expect(sandbox.state.userTypes.has(id)).toBe(false);
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/meta/types/user', `GET ${typePath(id)}`, `DELETE ${typePath(id)}`]);
	});

	it('refuses the default type, by "default" or by its ID, with a clear message and no DELETE', async () => {
		await expect(run('delete', { typeId: byId('default') })).rejects.toThrow('User Type (item 0): "user" is Okta\'s default user type, which cannot be deleted');
		await expect(run('delete', { typeId: byId(defaultType().id) })).rejects.toThrow('User Type (item 0): "user" is Okta\'s default user type');
		expect(requestsMade(sandbox)).toEqual([`GET ${typePath('default')}`, `GET ${typePath(defaultType().id)}`]);
		expect(sandbox.state.userTypes.has(defaultType().id)).toBe(true);
	});

	it('with Continue On Fail, reports the type in use and the default type by item and deletes the free one', async () => {
		const free = String((await run('create', { name: 'free', displayName: 'Free' }))[0].json.id);
		const inUse = contractor().id;
		expect(types().length).toBe(3);
		const items = [{ json: { id: inUse } }, { json: { id: 'default' } }, { json: { id: free } }, { json: { id: 'otyMissing0000000000' } }];
		const output = await run('delete', { typeId: byId('={{ $json.id }}') }, { items, continueOnFail: true });
		expect(output[0].json).toMatchObject({ itemIndex: 0, httpCode: '400', error: expect.stringContaining('assigned to users and cannot be deleted') });
		expect(output[1].json).toMatchObject({ itemIndex: 1, error: expect.stringContaining('default user type, which cannot be deleted') });
		expect(output[2].json).toEqual({ id: free, deleted: true });
		expect(output[3].json).toMatchObject({ itemIndex: 3, httpCode: '404' });
		expect(types().map((type) => type.id).sort()).toEqual([defaultType().id, inUse].sort());
	});
});
