import { startSandbox, type Sandbox } from './index';
import { seedApp } from './routes/apps';
import { DEMO_LEAVER_LOGIN } from './seed';
import { assertion, call, nextLink, q, responseDrift, serviceToken, startReceiver, validClaims, verifiedHook } from './testClient';

/** Applications: lifecycle, direct and group assignments (scope USER / GROUP), refusals, appLinks, events. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every request and response in these tests is checked against Okta's spec.
afterEach(() => {
	expect(responseDrift(sandbox)).toEqual([]);
	expect(sandbox.requestLog.filter((entry) => entry.validation !== 'passed')).toEqual([]);
});

const appLabeled = (label: string) => [...sandbox.state.apps.values()].find((app) => app.label === label)!;
const groupNamed = (name: string) => [...sandbox.state.groups.values()].find((group) => group.profile.name === name)!;
const leaver = () => [...sandbox.state.users.values()].find((user) => user.profile.login === DEMO_LEAVER_LOGIN)!;
const outsider = () => [...sandbox.state.users.values()].find((user) => user.status === 'ACTIVE' && !groupMembers('Engineering').has(user.id) && !sandbox.state.appUsers.get(appLabeled('Slack').id)!.has(user.id))!;
const groupMembers = (name: string) => sandbox.state.memberships.get(groupNamed(name).id)!;

it('seeds SAML, OIDC and bookmark apps, one inactive, and lists them with q and filters', async () => {
	const all = await call(sandbox, 'GET', '/api/v1/apps');
	expect(all.body.map((app: { label: string; signOnMode: string; status: string }) => `${app.label}:${app.signOnMode}:${app.status}`)).toEqual([
		'Slack:SAML_2_0:ACTIVE',
		'Jira:SAML_2_0:ACTIVE',
		'Corporate VPN:OPENID_CONNECT:ACTIVE',
		'Team Wiki:BOOKMARK:ACTIVE',
		'Legacy Expenses:BOOKMARK:INACTIVE',
	]);
	expect((await call(sandbox, 'GET', '/api/v1/apps?q=corp')).body.map((app: { label: string }) => app.label)).toEqual(['Corporate VPN']);
	expect((await call(sandbox, 'GET', `/api/v1/apps?filter=${q('status eq "INACTIVE"')}`)).body.map((app: { label: string }) => app.label)).toEqual(['Legacy Expenses']);
	const user = leaver();
	const mine = await call(sandbox, 'GET', `/api/v1/apps?filter=${q(`user.id eq "${user.id}"`)}&expand=${encodeURIComponent(`user/${user.id}`)}`);
	expect(mine.body.map((app: { label: string; _embedded: { user: { scope: string } } }) => `${app.label}:${app._embedded.user.scope}`)).toEqual([
		'Slack:USER',
		'Jira:GROUP',
		'Corporate VPN:USER',
		'Team Wiki:GROUP',
	]);
	const byGroup = await call(sandbox, 'GET', `/api/v1/apps?filter=${q(`group.id eq "${groupNamed('Engineering').id}"`)}`);
	expect(byGroup.body.map((app: { label: string }) => app.label)).toEqual(['Jira']);
	expect((await call(sandbox, 'GET', `/api/v1/apps?expand=${encodeURIComponent(`user/${user.id}`)}`)).status).toBe(400);
	expect((await call(sandbox, 'GET', `/api/v1/apps?filter=${q('label eq "x"')}`)).status).toBe(400);
});

it('pages apps and app users with separate self and next links', async () => {
	for (let index = 0; index < 3; index++) seedApp({ state: sandbox.state }, 'bookmark', `Extra ${index}`);
	const first = await call(sandbox, 'GET', '/api/v1/apps?limit=4');
	expect(first.body).toHaveLength(4);
	const second = await fetch(nextLink(first.headers)!, { headers: { Authorization: `SSWS ${sandbox.apiToken}` } });
	expect(((await second.json()) as unknown[]).length).toBe(4);
	const wiki = appLabeled('Team Wiki');
	const users = await call(sandbox, 'GET', `/api/v1/apps/${wiki.id}/users`);
	// Okta's default page of app users is 50; Everyone has more members than that in the demo seed only when seeded so.
	expect(users.body.length).toBe(Math.min(50, groupMembers('Everyone').size));
});

it('assigns a user directly, reads the assignment, updates it and unassigns it, with events', async () => {
	const slack = appLabeled('Slack');
	const user = outsider();
	const assigned = await call(sandbox, 'POST', `/api/v1/apps/${slack.id}/users`, { id: user.id, scope: 'USER', credentials: { userName: 'jd' }, profile: { role: 'admin' } });
	expect(assigned).toMatchObject({ status: 200, body: { id: user.id, scope: 'USER', credentials: { userName: 'jd' }, profile: { role: 'admin' } } });
	expect(sandbox.state.appUsers.get(slack.id)!.get(user.id)).toMatchObject({ profile: { role: 'admin' } });
	const read = await call(sandbox, 'GET', `/api/v1/apps/${slack.id}/users/${user.id}?expand=user`);
	expect(read.body).toMatchObject({ scope: 'USER', _embedded: { user: { id: user.id } } });
	const updated = await call(sandbox, 'POST', `/api/v1/apps/${slack.id}/users/${user.id}`, { profile: { role: 'viewer' } });
	expect(updated.body.profile).toEqual({ role: 'viewer' });
	expect((await call(sandbox, 'DELETE', `/api/v1/apps/${slack.id}/users/${user.id}`)).status).toBe(204);
	expect(sandbox.state.appUsers.get(slack.id)!.has(user.id)).toBe(false);
	expect(await call(sandbox, 'DELETE', `/api/v1/apps/${slack.id}/users/${user.id}`)).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
	expect(await call(sandbox, 'GET', `/api/v1/apps/${slack.id}/users/${user.id}`)).toMatchObject({ status: 404 });
});

it('reports group-granted users with scope GROUP and refuses to unassign them (403 E0000046)', async () => {
	const jira = appLabeled('Jira');
	const user = leaver();
	expect((await call(sandbox, 'GET', `/api/v1/apps/${jira.id}/users/${user.id}`)).body).toMatchObject({ scope: 'GROUP', _links: { group: { href: expect.stringContaining(groupNamed('Engineering').id) } } });
	const refused = await call(sandbox, 'DELETE', `/api/v1/apps/${jira.id}/users/${user.id}`);
	expect(refused).toMatchObject({ status: 403, body: { errorCode: 'E0000046', errorSummary: 'Deactivate application for user forbidden.' } });
	// Assigning the user directly converts the assignment to scope USER; it still cannot be removed while the group grants it.
	expect((await call(sandbox, 'POST', `/api/v1/apps/${jira.id}/users`, { id: user.id, scope: 'USER' })).body.scope).toBe('USER');
	expect((await call(sandbox, 'DELETE', `/api/v1/apps/${jira.id}/users/${user.id}`)).status).toBe(403);
	// Leaving the group takes the group-granted access away.
	groupMembers('Engineering').delete(user.id);
	expect((await call(sandbox, 'DELETE', `/api/v1/apps/${jira.id}/users/${user.id}`)).status).toBe(204);
	expect((await call(sandbox, 'GET', `/api/v1/apps/${jira.id}/users/${user.id}`)).status).toBe(404);
});

it('assigns and unassigns groups, with priority and profile; members follow', async () => {
	const vpn = appLabeled('Corporate VPN');
	const sales = groupNamed('Sales');
	const put = await call(sandbox, 'PUT', `/api/v1/apps/${vpn.id}/groups/${sales.id}`, { priority: 3, profile: { vlan: '20' } });
	expect(put).toMatchObject({ status: 200, body: { id: sales.id, priority: 3, profile: { vlan: '20' } } });
	const users = await call(sandbox, 'GET', `/api/v1/apps/${vpn.id}/users?limit=500`);
	const members = [...groupMembers('Sales')].filter((id) => sandbox.state.users.has(id));
	expect(members.every((id) => users.body.some((entry: { id: string }) => entry.id === id))).toBe(true);
	const groups = await call(sandbox, 'GET', `/api/v1/apps/${vpn.id}/groups?expand=group`);
	expect(groups.body.map((entry: { id: string; _embedded: { group: { profile: { name: string } } } }) => entry._embedded.group.profile.name)).toEqual(['Sales']);
	expect((await call(sandbox, 'GET', `/api/v1/apps/${vpn.id}/groups/${sales.id}`)).body.priority).toBe(3);
	expect((await call(sandbox, 'DELETE', `/api/v1/apps/${vpn.id}/groups/${sales.id}`)).status).toBe(204);
	expect((await call(sandbox, 'DELETE', `/api/v1/apps/${vpn.id}/groups/${sales.id}`)).status).toBe(404);
	expect(sandbox.state.appGroups.get(vpn.id)!.size).toBe(0);
});

it('activates and deactivates apps idempotently; an inactive app refuses assignment changes with 404 but can be read', async () => {
	const legacy = appLabeled('Legacy Expenses');
	const user = outsider();
	expect(await call(sandbox, 'POST', `/api/v1/apps/${legacy.id}/users`, { id: user.id })).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
	expect((await call(sandbox, 'PUT', `/api/v1/apps/${legacy.id}/groups/${groupNamed('Sales').id}`)).status).toBe(404);
	expect((await call(sandbox, 'GET', `/api/v1/apps/${legacy.id}`)).body.status).toBe('INACTIVE');
	expect((await call(sandbox, 'POST', `/api/v1/apps/${legacy.id}/lifecycle/activate`)).status).toBe(200);
	expect((await call(sandbox, 'POST', `/api/v1/apps/${legacy.id}/lifecycle/activate`)).status).toBe(200);
	expect(legacy.status).toBe('ACTIVE');
	expect((await call(sandbox, 'POST', `/api/v1/apps/${legacy.id}/users`, { id: user.id })).status).toBe(200);
	expect((await call(sandbox, 'POST', `/api/v1/apps/${legacy.id}/lifecycle/deactivate`)).status).toBe(200);
	expect(legacy.status).toBe('INACTIVE');
});

it('lists a user\'s app links: active apps, direct and through groups', async () => {
	const user = leaver();
	const links = await call(sandbox, 'GET', `/api/v1/users/${user.id}/appLinks`);
	expect(links.body.map((link: { label: string; appInstanceId: string }) => link.label)).toEqual(['Slack', 'Jira', 'Corporate VPN', 'Team Wiki']);
	expect(links.body[0]).toMatchObject({ appInstanceId: appLabeled('Slack').id, appAssignmentId: sandbox.state.appUsers.get(appLabeled('Slack').id)!.get(user.id)!.assignmentId });
});

it('needs okta.apps.read to read and okta.apps.manage to assign (bearer tokens)', async () => {
	const slack = appLabeled('Slack');
	const token = async (scope: string) =>
		(await serviceToken(sandbox, assertion(validClaims(sandbox), sandbox.oauth.serviceApp.privateKeyPem, sandbox.oauth.serviceApp.keyId), scope)).body.access_token;
	const usersOnly = await token('okta.users.read');
	expect((await call(sandbox, 'GET', `/api/v1/apps/${slack.id}`, undefined, `Bearer ${usersOnly}`)).status).toBe(403);
	const read = await token('okta.apps.read');
	expect((await call(sandbox, 'GET', `/api/v1/apps/${slack.id}`, undefined, `Bearer ${read}`)).status).toBe(200);
	expect((await call(sandbox, 'POST', `/api/v1/apps/${slack.id}/users`, { id: outsider().id }, `Bearer ${read}`)).status).toBe(403);
	const manage = await token('okta.apps.manage');
	expect((await call(sandbox, 'POST', `/api/v1/apps/${slack.id}/users`, { id: outsider().id }, `Bearer ${manage}`)).status).toBe(200);
});

it('publishes application.user_membership.add and .remove for direct and group-granted changes', async () => {
	const receiver = await startReceiver();
	try {
		await verifiedHook(sandbox, receiver.url, ['application.user_membership.add', 'application.user_membership.remove']);
		const vpn = appLabeled('Corporate VPN');
		const user = outsider();
		await call(sandbox, 'POST', `/api/v1/apps/${vpn.id}/users`, { id: user.id });
		// Re-assigning changes nothing, so no second event.
		await call(sandbox, 'POST', `/api/v1/apps/${vpn.id}/users`, { id: user.id });
		await call(sandbox, 'DELETE', `/api/v1/apps/${vpn.id}/users/${user.id}`);
		const contractors = groupNamed('Contractors');
		await call(sandbox, 'PUT', `/api/v1/apps/${vpn.id}/groups/${contractors.id}`);
		const groupAdds = [...groupMembers('Contractors')].filter((id) => sandbox.state.users.has(id)).map((id) => `add ${id} ${vpn.id}`);
		// A group membership that grants the app (or takes it away) is an app membership change too.
		const joiner = [...sandbox.state.users.values()].find((candidate) => candidate.status === 'ACTIVE' && !groupMembers('Contractors').has(candidate.id) && !sandbox.state.appUsers.get(vpn.id)?.has(candidate.id))!;
		await call(sandbox, 'PUT', `/api/v1/groups/${contractors.id}/users/${joiner.id}`);
		await call(sandbox, 'DELETE', `/api/v1/groups/${contractors.id}/users/${joiner.id}`);
		await sandbox.events.flush();
		const events = receiver.posts().flatMap((post) => post.body.data.events as Array<{ eventType: string; target: Array<{ id: string; type: string }> }>);
		const summary = events.map((event) => `${event.eventType.split('.').pop()} ${event.target.map((target) => target.id).join(' ')}`);
		expect(groupAdds.length).toBeGreaterThan(0);
		expect(summary).toEqual([`add ${user.id} ${vpn.id}`, `remove ${user.id} ${vpn.id}`, ...groupAdds, `add ${joiner.id} ${vpn.id}`, `remove ${joiner.id} ${vpn.id}`]);
		expect(events[0].target.map((target) => target.type)).toEqual(['User', 'AppInstance']);
	} finally {
		await receiver.close();
	}
});
