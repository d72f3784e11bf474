import type { IDataObject } from 'n8n-workflow';

import { simplifyUser } from '../../../../nodes/Okta/actions/simplify';
import { startSandbox } from '../../../sandbox';
import { byId, requestsMade, runOperation } from '../run';

/**
 * One output shape: Create, Update and Replace honour Simplify like Get, and the simplified shape keeps the
 * whole profile (standard and custom attributes) at the top level.
 */

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const newUser = {
	login: 'shape@example.com',
	email: 'shape@example.com',
	firstName: 'Shape',
	lastName: 'Tester',
	additionalFields: { city: 'Lyon', costCenter: 'CC-7' },
	customAttributesJson: '{"badges": ["a", "b"], "status": "contractor"}',
};

/** The simplified shape, computed from the stored user: the profile flattened, ID, status, type and dates. */
function expectedSimple(id: string): IDataObject {
	const user = sandbox.state.users.get(id)!;
	return { ...user.profile, id, status: user.status, typeId: user.type.id };
}

describe('Simplify', () => {
	it('User → Create returns the flat shape by default, with every profile attribute', async () => {
		const [item] = await runOperation(sandbox, 'user', 'create', newUser);
		const id = String(item.json.id);
		const stored = sandbox.state.users.get(id)!;
		expect(stored.profile).toMatchObject({ city: 'Lyon', costCenter: 'CC-7', badges: ['a', 'b'], status: 'contractor' });
		const { status: customStatus, ...profile } = stored.profile;
		expect(item.json).toMatchObject({ ...profile, id, status: stored.status, 'profile.status': customStatus, typeId: stored.type.id, created: stored.created });
		expect(item.json).not.toHaveProperty('profile');
		expect(item.json).not.toHaveProperty('_links');
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/users']);
	});

	it('User → Create with Simplify off returns Okta\'s object with the nested profile', async () => {
		const [item] = await runOperation(sandbox, 'user', 'create', { ...newUser, simplify: false });
		const stored = sandbox.state.users.get(String(item.json.id))!;
		expect(item.json.profile).toEqual(stored.profile);
		expect(item.json).not.toHaveProperty('login');
	});

	it('a node saved at version 1 keeps Create, Update and Replace as Okta returns them (no Simplify there)', async () => {
		const [created] = await runOperation(sandbox, 'user', 'create', { ...newUser, login: 'v1.saved@example.com', email: 'v1.saved@example.com' }, { typeVersion: 1 });
		const stored = sandbox.state.users.get(String(created.json.id))!;
		expect(created.json.profile).toEqual(stored.profile);
		const [updated] = await runOperation(sandbox, 'user', 'update', { userId: byId(stored.id), updateFields: { city: 'Oslo' } }, { typeVersion: 1 });
		expect(updated.json).toMatchObject({ id: stored.id, profile: { city: 'Oslo' } });
		expect(updated.json).not.toHaveProperty('city');
	});

	it('User → Update and Replace honour Simplify like Get', async () => {
		const user = [...sandbox.state.users.values()].find((candidate) => candidate.status === 'ACTIVE')!;
		const [updated] = await runOperation(sandbox, 'user', 'update', { userId: byId(user.id), updateFields: { city: 'Oslo' } });
		expect(updated.json).toMatchObject({ ...expectedSimple(user.id), city: 'Oslo' });
		const [got] = await runOperation(sandbox, 'user', 'get', { userId: byId(user.id) });
		expect(got.json).toEqual(updated.json);
		const { login, email, firstName, lastName } = sandbox.state.users.get(user.id)!.profile as IDataObject;
		const [replaced] = await runOperation(sandbox, 'user', 'replace', { userId: byId(user.id), login, email, firstName, lastName, additionalFields: { costCenter: 'CC-9' } });
		expect(replaced.json).toMatchObject({ ...expectedSimple(user.id), costCenter: 'CC-9' });
		expect(replaced.json).not.toHaveProperty('city');
		expect(requestsMade(sandbox)).toEqual([`POST /api/v1/users/${user.id}`, `GET /api/v1/users/${user.id}`, `PUT /api/v1/users/${user.id}`]);
	});

	it('Get keeps city, costCenter and custom attributes (nothing in the profile is dropped)', async () => {
		const user = [...sandbox.state.users.values()][0];
		Object.assign(user.profile, { city: 'Rome', costCenter: 'CC-1', clearance: 3 });
		const [got] = await runOperation(sandbox, 'user', 'get', { userId: byId(user.id) });
		expect(got.json).toMatchObject({ city: 'Rome', costCenter: 'CC-1', clearance: 3 });
		for (const name of Object.keys(user.profile)) expect(got.json).toHaveProperty([name], user.profile[name]);
	});

	it('a profile attribute named like an object field keeps its value under profile.<name>', () => {
		expect(simplifyUser({ id: 'u1', status: 'ACTIVE', profile: { login: 'a@example.com', status: 'x', id: 'y' } })).toEqual({
			id: 'u1',
			status: 'ACTIVE',
			login: 'a@example.com',
			'profile.status': 'x',
			'profile.id': 'y',
		});
	});
});
