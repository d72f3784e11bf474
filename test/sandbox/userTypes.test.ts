import { startSandbox, type Sandbox } from './index';
import { call, profile, responseDrift } from './testClient';

/** User types: the built-in default, at most 9 more, partial and full update, no delete of default or in-use types. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every response in these tests is also checked against Okta's spec.
afterEach(() => expect(responseDrift(sandbox)).toEqual([]));

const create = async (name: string) => await call(sandbox, 'POST', '/api/v1/meta/types/user', { name, displayName: `Type ${name}`, description: 'test' });

it('has the default type, reachable as "default", which cannot be deleted', async () => {
	const listed = (await call(sandbox, 'GET', '/api/v1/meta/types/user')).body as Array<{ id: string; default: boolean }>;
	expect(listed).toHaveLength(1);
	const byAlias = await call(sandbox, 'GET', '/api/v1/meta/types/user/default');
	expect(byAlias.body).toMatchObject({ id: listed[0].id, default: true, name: 'user' });
	expect((await call(sandbox, 'DELETE', '/api/v1/meta/types/user/default')).status).toBe(403);
	expect((await call(sandbox, 'DELETE', `/api/v1/meta/types/user/${listed[0].id}`)).status).toBe(403);
});

it('allows nine types besides the default, and not a tenth', async () => {
	for (let i = 0; i < 9; i++) {
		const created = await create(`type_${i}`);
		expect(created.status).toBe(200);
		expect(created.body.id).toMatch(/^oty[A-Za-z0-9]{17}$/);
	}
	const tenth = await create('type_9');
	expect(tenth).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
	expect(JSON.stringify(tenth.body)).toContain('maximum of 9');
	expect(sandbox.state.userTypes.size).toBe(10);
	expect((await create('type_0')).status).toBe(400);
});

it('refuses to delete a type in use, and deletes it once no user has it', async () => {
	const type = (await create('contractor')).body.id as string;
	const user = (await call(sandbox, 'POST', '/api/v1/users', { profile: profile('c@example.com'), type: { id: type } })).body.id as string;
	const refused = await call(sandbox, 'DELETE', `/api/v1/meta/types/user/${type}`);
	expect(refused).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
	expect(sandbox.state.userTypes.has(type)).toBe(true);
	// Changing a user's type takes a full replace.
	const defaultType = [...sandbox.state.userTypes.values()].find((entry) => entry.default)!.id;
	expect((await call(sandbox, 'POST', `/api/v1/users/${user}`, { profile: {}, type: { id: defaultType } })).status).toBe(400);
	expect((await call(sandbox, 'PUT', `/api/v1/users/${user}`, { profile: profile('c@example.com'), type: { id: defaultType } })).body.type.id).toBe(defaultType);
	expect((await call(sandbox, 'DELETE', `/api/v1/meta/types/user/${type}`)).status).toBe(204);
	expect((await call(sandbox, 'GET', `/api/v1/meta/types/user/${type}`)).status).toBe(404);
});

it('updates displayName and description partially with POST and fully with PUT; the name never changes', async () => {
	const id = (await create('partner')).body.id as string;
	expect((await call(sandbox, 'POST', `/api/v1/meta/types/user/${id}`, { description: 'changed' })).body).toMatchObject({ name: 'partner', displayName: 'Type partner', description: 'changed' });
	expect((await call(sandbox, 'PUT', `/api/v1/meta/types/user/${id}`, { name: 'partner', displayName: 'Partner', description: 'External partners' })).body).toMatchObject({ displayName: 'Partner', description: 'External partners' });
	// The spec makes name, displayName and description required on PUT.
	expect((await call(sandbox, 'PUT', `/api/v1/meta/types/user/${id}`, { name: 'partner', displayName: 'Partner' })).body.errorCauses).toEqual([{ errorSummary: "body.description: must have required property 'description'" }]);
	expect((await call(sandbox, 'PUT', `/api/v1/meta/types/user/${id}`, { displayName: 'No name', description: 'x' })).status).toBe(400);
	expect((await call(sandbox, 'POST', `/api/v1/meta/types/user/${id}`, { name: 'renamed' })).body.errorCauses[0].errorSummary).toMatch(/cannot be changed/);
});

it('refuses a malformed name', async () => {
	expect((await call(sandbox, 'POST', '/api/v1/meta/types/user', { name: '1 bad name', displayName: 'Bad' })).status).toBe(400);
});
