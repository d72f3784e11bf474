import { startSandbox, type Sandbox } from './index';
import { activeUser, call, responseDrift, q } from './testClient';

/** Groups: the built-in Everyone group, OKTA_GROUP create/replace/delete, memberships, search/filter/q/expand. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every response in these tests is also checked against Okta's spec.
afterEach(() => expect(responseDrift(sandbox)).toEqual([]));

const everyone = () => [...sandbox.state.groups.values()].find((group) => group.type === 'BUILT_IN')!;
const oktaGroup = () => [...sandbox.state.groups.values()].find((group) => group.type === 'OKTA_GROUP')!;

it('has a built-in Everyone group that cannot be changed, deleted or have members managed', async () => {
	const group = everyone();
	expect(group.profile.name).toBe('Everyone');
	expect((await call(sandbox, 'GET', `/api/v1/groups/${group.id}`)).body).toMatchObject({ type: 'BUILT_IN', profile: { name: 'Everyone' } });
	expect((await call(sandbox, 'PUT', `/api/v1/groups/${group.id}`, { profile: { name: 'x' } })).status).toBe(403);
	expect((await call(sandbox, 'DELETE', `/api/v1/groups/${group.id}`)).status).toBe(403);
	expect((await call(sandbox, 'DELETE', `/api/v1/groups/${group.id}/users/${activeUser(sandbox).id}`)).status).toBe(403);
});

it('creates, replaces and deletes OKTA_GROUPs', async () => {
	const created = await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Platform', description: 'Platform team' } });
	expect(created).toMatchObject({ status: 200, body: { type: 'OKTA_GROUP', objectClass: ['okta:user_group'], profile: { name: 'Platform', description: 'Platform team' } } });
	const id = created.body.id as string;
	expect(id).toMatch(/^00g.{17}$/);
	expect((await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Platform' } })).body.errorCauses[0].errorSummary).toMatch(/already exists/);
	expect((await call(sandbox, 'POST', '/api/v1/groups', { profile: { description: 'no name' } })).status).toBe(400);
	const replaced = await call(sandbox, 'PUT', `/api/v1/groups/${id}`, { profile: { name: 'Platform 2' } });
	expect(replaced.body.profile).toEqual({ name: 'Platform 2' });
	expect((await call(sandbox, 'DELETE', `/api/v1/groups/${id}`)).status).toBe(204);
	expect(await call(sandbox, 'GET', `/api/v1/groups/${id}`)).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
});

it('adds members idempotently (PUT 204) and removes them (DELETE 204)', async () => {
	const group = oktaGroup();
	const user = [...sandbox.state.users.values()].find((entry) => !sandbox.state.memberships.get(group.id)!.has(entry.id))!;
	const before = sandbox.state.memberships.get(group.id)!.size;
	expect((await call(sandbox, 'PUT', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
	expect((await call(sandbox, 'PUT', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
	expect(sandbox.state.memberships.get(group.id)!.size).toBe(before + 1);
	const members = (await call(sandbox, 'GET', `/api/v1/groups/${group.id}/users`)).body as Array<{ id: string }>;
	expect(members.map((member) => member.id)).toContain(user.id);
	expect((await call(sandbox, 'DELETE', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
	expect(sandbox.state.memberships.get(group.id)!.has(user.id)).toBe(false);
	expect((await call(sandbox, 'PUT', `/api/v1/groups/${group.id}/users/00uMissing`)).status).toBe(404);
	expect((await call(sandbox, 'PUT', `/api/v1/groups/00gMissing/users/${user.id}`)).status).toBe(404);
});

it('searches, filters and matches q on names, and expands stats', async () => {
	const names = async (query: string) => ((await call(sandbox, 'GET', `/api/v1/groups?${query}`)).body as Array<{ profile: { name: string } }>).map((group) => group.profile.name).sort();
	expect(await names('q=Eng')).toEqual(['Engineering']);
	expect(await names(`search=${q('type eq "BUILT_IN"')}`)).toEqual(['Everyone']);
	const oktaGroups = [...sandbox.state.groups.values()].filter((group) => group.type === 'OKTA_GROUP').map((group) => String(group.profile.name));
	expect(oktaGroups).toEqual(expect.arrayContaining(['Contractors', 'Engineering', 'IT Admins', 'Sales', 'All Staff']));
	expect(await names(`filter=${q('type eq "OKTA_GROUP"')}`)).toEqual(oktaGroups.sort());
	expect(await names(`search=${q('profile.name sw "S" or profile.name eq "Contractors"')}`)).toEqual(['Contractors', 'Sales']);
	const withStats = (await call(sandbox, 'GET', '/api/v1/groups?expand=stats')).body as Array<{ id: string; _embedded: { stats: { usersCount: number } } }>;
	expect(withStats.find((group) => group.id === everyone().id)!._embedded.stats.usersCount).toBe(sandbox.state.users.size);
	expect((await call(sandbox, 'GET', `/api/v1/groups?search=${q('type eq')}`)).body.errorCode).toBe('E0000031');
});
