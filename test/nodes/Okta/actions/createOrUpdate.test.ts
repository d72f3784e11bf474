import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SEARCH_BATCH } from '../../../../nodes/Okta/actions/batchLookup';
import { startSandbox, type Sandbox } from '../../../sandbox';
import type { SandboxUser } from '../../../sandbox/context';
import { call } from '../../../sandbox/testClient';
import { requestsMade, runOperation } from '../run';

/** User > Create or Update against the sandbox: output, users afterwards, and the request log. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: { users: 30 } });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	sandbox.search.lagMs = 0;
});
afterEach(() => requestsMade(sandbox));

const users = () => [...sandbox.state.users.values()];
const byLogin = (login: string) => users().find((entry) => String(entry.profile.login).toLowerCase() === login.toLowerCase());
const writes = () => requestsMade(sandbox).filter((request) => !request.startsWith('GET '));
const rowOf = (entry: SandboxUser): IDataObject => ({
	login: String(entry.profile.login),
	email: String(entry.profile.email),
	firstName: String(entry.profile.firstName),
	lastName: String(entry.profile.lastName),
	department: String(entry.profile.department),
});

const upsert = async (rows: IDataObject[], parameters: IDataObject = {}, options: { continueOnFail?: boolean } = {}): Promise<INodeExecutionData[]> =>
	await runOperation(
		sandbox,
		'user',
		'createOrUpdate',
		{
			login: '={{ $json.login }}',
			email: '={{ $json.email }}',
			firstName: '={{ $json.firstName }}',
			lastName: '={{ $json.lastName }}',
			additionalFields: { department: '={{ $json.department }}' },
			...parameters,
		},
		{ items: rows.map((json) => ({ json })), ...options },
	);

describe('Create or Update', () => {
	it('creates the new, updates only what differs, writes nothing for the unchanged, with one search for all items', async () => {
		const [same, moved] = users();
		const rows = [rowOf(same), { ...rowOf(moved), department: 'Legal' }, { login: 'new.one@example.com', email: 'new.one@example.com', firstName: 'New', lastName: 'One', department: 'IT' }];
		const output = await upsert(rows);
		expect(output.map((item) => [item.json.action, item.json.changed])).toEqual([['unchanged', []], ['updated', ['department']], ['created', undefined]]);
		const created = byLogin('new.one@example.com')!;
		expect(output[2].json).toMatchObject({ id: created.id, profile: { department: 'IT' } });
		expect(moved.profile.department).toBe('Legal');
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/users', `POST /api/v1/users/${moved.id}`, 'POST /api/v1/users']);
		expect(sandbox.requestLog[0].query.search).toBe(rows.map((row) => `profile.login eq "${String(row.login)}"`).join(' or '));
		// The update sends only the changed attribute.
		expect(sandbox.requestLog[1].body).toEqual({ profile: { department: 'Legal' } });
		expect(sandbox.requestLog[2].query).toEqual({ activate: 'true' });
	});

	it('a second run of the same rows changes nothing and sends no write', async () => {
		const rows = [{ ...rowOf(users()[0]), department: 'Legal' }, { login: 'new.two@example.com', email: 'new.two@example.com', firstName: 'New', lastName: 'Two', department: 'IT' }];
		await upsert(rows);
		sandbox.requestLog.length = 0;
		const again = await upsert(rows);
		expect(again.map((item) => item.json.action)).toEqual(['unchanged', 'unchanged']);
		expect(writes()).toEqual([]);
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/users']);
	});

	it('matches by email, case-insensitively, and can change the login', async () => {
		const target = users()[3];
		const [item] = await upsert([{ ...rowOf(target), email: String(target.profile.email).toUpperCase(), login: 'renamed@example.com' }], { matchBy: 'email' });
		expect(item.json).toMatchObject({ action: 'updated', changed: ['login', 'email'], id: target.id });
		expect(target.profile.login).toBe('renamed@example.com');
		expect(sandbox.requestLog[0].query.search).toBe(`profile.email eq "${String(target.profile.email).toLowerCase()}"`);
	});

	it('resolves a create that meets "login already exists" (search lag) by reading the user by login and updating it', async () => {
		for (const entry of users()) entry.created = '2020-01-01T00:00:00.000Z';
		sandbox.search.lagMs = 60_000;
		await call(sandbox, 'POST', '/api/v1/users?activate=false', { profile: { login: 'fresh@example.com', email: 'fresh@example.com', firstName: 'Fresh', lastName: 'Hire' } });
		const fresh = byLogin('fresh@example.com')!;
		sandbox.requestLog.length = 0;
		const [item] = await upsert([{ login: 'fresh@example.com', email: 'fresh@example.com', firstName: 'Fresh', lastName: 'Hire', department: 'Sales' }]);
		expect(item.json).toMatchObject({ action: 'updated', changed: ['department'], id: fresh.id });
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/users', 'POST /api/v1/users', 'GET /api/v1/users/fresh%40example.com', `POST /api/v1/users/${fresh.id}`]);
		expect(sandbox.requestLog[1].status).toBe(400);
		expect(users().filter((entry) => entry.profile.login === 'fresh@example.com')).toHaveLength(1);
	});

	it('fails an item whose create Okta refuses for another reason, with Okta\'s error', async () => {
		const output = await upsert([{ login: 'bad@example.com', email: 'bad@example.com', firstName: 'Bad', lastName: 'Group' }], { additionalFields: { groupIds: '00gNoSuchGroup000000' } }, { continueOnFail: true });
		expect(output[0].json.error).toBe('Creating user bad@example.com: Api validation failed: groupIds: No group with id 00gNoSuchGroup000000 [HTTP 400, E0000001]');
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/users', 'POST /api/v1/users']);
		expect(byLogin('bad@example.com')).toBeUndefined();
	});

	it('looks all items up in OR-chain batches within the search limits, not one request per item', async () => {
		const rows = users().map(rowOf);
		const output = await upsert(rows);
		expect(output.every((item) => item.json.action === 'unchanged')).toBe(true);
		const searches = sandbox.requestLog.filter((entry) => entry.path === '/api/v1/users');
		expect(searches).toHaveLength(Math.ceil(rows.length / SEARCH_BATCH.maxTerms));
		expect(requestsMade(sandbox)).toHaveLength(searches.length);
	});
});

describe('DEPROVISIONED users', () => {
	const deprovision = async (entry: SandboxUser) => {
		await call(sandbox, 'DELETE', `/api/v1/users/${entry.id}`);
		sandbox.requestLog.length = 0;
	};

	it('are left alone by default, reported as skipped, with no write', async () => {
		const gone = users()[5];
		await deprovision(gone);
		const [item] = await upsert([{ ...rowOf(gone), department: 'Legal' }]);
		expect(item.json).toMatchObject({ action: 'skipped', reason: `${String(gone.profile.login)} (${gone.id}) is DEPROVISIONED (Deactivated Users: Leave Alone)`, id: gone.id });
		expect(writes()).toEqual([]);
		expect(gone.profile.department).not.toBe('Legal');
	});

	it('fail the item with "Fail the Item"', async () => {
		const gone = users()[5];
		await deprovision(gone);
		await expect(upsert([rowOf(gone)], { deprovisioned: 'fail' })).rejects.toThrow(`Deactivated Users (item 0): the matching user ${String(gone.profile.login)} (${gone.id}) is DEPROVISIONED.`);
		expect(writes()).toEqual([]);
	});

	it('get their profile changed and stay deactivated with "Update Profile Only"; "Update and Reactivate" activates them', async () => {
		const [first, second] = users().slice(5, 7);
		await deprovision(first);
		await deprovision(second);
		const [updated] = await upsert([{ ...rowOf(first), department: 'Legal' }], { deprovisioned: 'update' });
		expect(updated.json).toMatchObject({ action: 'updated', changed: ['department'], status: 'DEPROVISIONED' });
		expect(first.status).toBe('DEPROVISIONED');
		sandbox.requestLog.length = 0;
		const [reactivated] = await upsert([rowOf(second)], { deprovisioned: 'reactivate' });
		expect(reactivated.json).toMatchObject({ action: 'reactivated', changed: [], id: second.id });
		expect(second.status).not.toBe('DEPROVISIONED');
		expect(writes()).toEqual([`POST /api/v1/users/${second.id}/lifecycle/activate`]);
	});
});
