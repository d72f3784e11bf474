import type { IDataObject } from 'n8n-workflow';

import { OktaDirectory } from '../../../../nodes/Okta/OktaDirectory.node';
import { runListSearch } from '../../../helpers/n8n';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { seedApp, seedAppUser } from '../../../sandbox/routes/apps';
import { DEMO_LEAVER_LOGIN } from '../../../sandbox/seed';
import { byId, expectEveryOperationRun, requestsMade, runOperation } from '../run';

expectEveryOperationRun('application');

/** Application operations against the sandbox: output, assignments afterwards, and spec validation of every request. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every request any test made must have passed the spec validation, both ways.
afterEach(() => requestsMade(sandbox));

const run = (operation: string, parameters: IDataObject, options?: Parameters<typeof runOperation>[4]) => runOperation(sandbox, 'application', operation, parameters, options);
const app = (label: string) => [...sandbox.state.apps.values()].find((entry) => entry.label === label)!;
const group = (name: string) => [...sandbox.state.groups.values()].find((entry) => entry.profile.name === name)!;
const leaver = () => [...sandbox.state.users.values()].find((user) => user.profile.login === DEMO_LEAVER_LOGIN)!;
const direct = (label: string) => sandbox.state.appUsers.get(app(label).id)!;
/** An ACTIVE user with no app at all except through Everyone. */
const newcomer = () =>
	[...sandbox.state.users.values()].find(
		(user) => user.status === 'ACTIVE' && !sandbox.state.memberships.get(group('Engineering').id)!.has(user.id) && ![...sandbox.state.appUsers.values()].some((users) => users.has(user.id)),
	)!;
const byLogin = (value: string) => ({ __rl: true, mode: 'login', value });

describe('the Application picker', () => {
	it('searches apps on the server by label, marks inactive ones, and pages through all of them', async () => {
		for (let index = 0; index < 250; index++) seedApp({ state: sandbox.state }, 'bookmark', `Tool ${String(index).padStart(3, '0')}`);
		const credentials = { type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } };
		const node = new OktaDirectory();
		const found = await runListSearch({ node, method: 'searchApplications', credentials, filter: 'Legacy' });
		expect(found.results).toEqual([{ name: 'Legacy Expenses (INACTIVE)', value: app('Legacy Expenses').id }]);
		const seen: string[] = [];
		let token: string | undefined;
		do {
			const page = await runListSearch({ node, method: 'searchApplications', credentials, paginationToken: token });
			seen.push(...page.results.map((result) => String(result.value)));
			token = page.paginationToken as string | undefined;
		} while (token);
		expect(seen).toEqual([...sandbox.state.apps.keys()]);
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/apps', 'GET /api/v1/apps', 'GET /api/v1/apps']);
		expect(sandbox.requestLog.map((entry) => entry.query)).toEqual([{ q: 'Legacy', limit: '200' }, { limit: '200' }, { after: [...sandbox.state.apps.keys()][199], limit: '200' }]);
	});
});

describe('Get', () => {
	it('gets an app by ID or by its Admin Console URL, simplified or raw', async () => {
		const slack = app('Slack');
		const [simple] = await run('get', { appId: byId(slack.id) });
		expect(simple.json).toEqual({ id: slack.id, label: 'Slack', name: slack.name, status: 'ACTIVE', signOnMode: 'SAML_2_0', created: slack.created, lastUpdated: slack.lastUpdated });
		const url = { __rl: true, mode: 'url', value: `https://acme-admin.okta.com/admin/app/${slack.name}/instance/${slack.id}/#tab-general` };
		const [raw] = await run('get', { appId: url, simplify: false });
		expect(raw.json).toMatchObject({ id: slack.id, settings: slack.settings, _links: { users: {} } });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${slack.id}`, `GET /api/v1/apps/${slack.id}`]);
	});
});

describe('Get Many', () => {
	it('lists every app at the largest page size, and filters by label prefix and status', async () => {
		const all = await run('getMany', { returnAll: true });
		expect(all.map((item) => item.json.label)).toEqual([...sandbox.state.apps.values()].map((entry) => entry.label));
		const inactive = await run('getMany', { returnAll: true, filters: { status: 'INACTIVE' } });
		expect(inactive.map((item) => item.json.label)).toEqual(['Legacy Expenses']);
		const byLabel = await run('getMany', { returnAll: false, limit: 10, filters: { q: 'Corp' } });
		expect(byLabel.map((item) => item.json.label)).toEqual(['Corporate VPN']);
		expect(sandbox.requestLog.map((entry) => entry.query)).toEqual([{ limit: '200' }, { filter: 'status eq "INACTIVE"', limit: '200' }, { q: 'Corp', limit: '10' }]);
	});

	it('lists a user\'s apps (by login) with how they have each: directly or through a group', async () => {
		const user = leaver();
		const apps = await run('getMany', { returnAll: true, filters: { user: DEMO_LEAVER_LOGIN } });
		expect(apps.map((item) => `${String(item.json.label)}: ${String(item.json.assignmentScope)}`)).toEqual(['Slack: USER', 'Jira: GROUP', 'Corporate VPN: USER', 'Team Wiki: GROUP']);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/users/${encodeURIComponent(DEMO_LEAVER_LOGIN)}`, 'GET /api/v1/apps']);
		expect(sandbox.requestLog[1].query).toEqual({ filter: `user.id eq "${user.id}"`, expand: `user/${user.id}`, limit: '200' });
		// An Okta user ID is used as it is; a login short name would be looked up like a login.
		sandbox.requestLog.length = 0;
		const byUserId = await run('getMany', { returnAll: true, filters: { user: user.id, status: 'ACTIVE' } });
		expect(byUserId).toHaveLength(4);
		expect(sandbox.requestLog.map((entry) => entry.query.filter)).toEqual([`status eq "ACTIVE" and user.id eq "${user.id}"`]);
	});

	it('lists the apps of a group, and refuses a group filter that is not an ID', async () => {
		const apps = await run('getMany', { returnAll: true, filters: { groupId: group('Engineering').id } });
		expect(apps.map((item) => item.json.label)).toEqual(['Jira']);
		await expect(run('getMany', { returnAll: true, filters: { groupId: 'Engineering team' } })).rejects.toThrow('Assigned to Group ID (item 0): "Engineering team" is not an Okta group ID');
		expect(requestsMade(sandbox)).toEqual(['GET /api/v1/apps']);
	});
});

describe('Activate and Deactivate', () => {
	it('changes the app status and outputs the app read back', async () => {
		const legacy = app('Legacy Expenses');
		const [activated] = await run('activate', { appId: byId(legacy.id) });
		expect(activated.json).toMatchObject({ id: legacy.id, label: 'Legacy Expenses', status: 'ACTIVE', action: 'activate' });
		expect(legacy.status).toBe('ACTIVE');
		const [deactivated] = await run('deactivate', { appId: byId(legacy.id) });
		expect(deactivated.json).toMatchObject({ status: 'INACTIVE', action: 'deactivate' });
		expect(legacy.status).toBe('INACTIVE');
		expect(requestsMade(sandbox)).toEqual([
			`POST /api/v1/apps/${legacy.id}/lifecycle/activate`,
			`GET /api/v1/apps/${legacy.id}`,
			`POST /api/v1/apps/${legacy.id}/lifecycle/deactivate`,
			`GET /api/v1/apps/${legacy.id}`,
		]);
	});
});

describe('Assign User', () => {
	it('assigns for SSO only, by login, sending just the user', async () => {
		const user = newcomer();
		const vpn = app('Corporate VPN');
		const [item] = await run('assignUser', { appId: byId(vpn.id), userId: byLogin(String(user.profile.login)), assignmentType: 'sso', appUserName: 'ignored-in-sso-mode' });
		expect(item.json).toMatchObject({ appId: vpn.id, id: user.id, scope: 'USER', changed: true, message: 'Assigned' });
		expect(direct('Corporate VPN').has(user.id)).toBe(true);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/users/${encodeURIComponent(String(user.profile.login))}`, `GET /api/v1/apps/${vpn.id}/users/${user.id}`, `POST /api/v1/apps/${vpn.id}/users`]);
		expect(sandbox.requestLog[2].body).toEqual({ id: user.id, scope: 'USER' });
	});

	it('assigns with provisioning: app username and profile from key/value pairs and JSON', async () => {
		const user = newcomer();
		const slack = app('Slack');
		const [item] = await run('assignUser', {
			appId: byId(slack.id),
			userId: byId(user.id),
			assignmentType: 'provisioning',
			appUserName: 'jdoe',
			appProfile: { attribute: [{ key: 'role', value: 'member' }, { key: 'team', value: 'ops' }] },
			appProfileJson: '{"team": "platform", "seats": 2}',
		});
		expect(item.json).toMatchObject({ userName: 'jdoe', profile: { role: 'member', team: 'platform', seats: 2 }, changed: true });
		expect(sandbox.requestLog.at(-1)!.body).toEqual({ id: user.id, scope: 'USER', credentials: { userName: 'jdoe' }, profile: { role: 'member', team: 'platform', seats: 2 } });
		expect(direct('Slack').get(user.id)).toMatchObject({ credentials: { userName: 'jdoe' }, profile: { role: 'member', team: 'platform', seats: 2 } });
	});

	it('reports an existing direct assignment as success without changing it', async () => {
		const user = leaver();
		const slack = app('Slack');
		const before = structuredClone(direct('Slack').get(user.id));
		const [item] = await run('assignUser', { appId: byId(slack.id), userId: byId(user.id), assignmentType: 'provisioning', appProfileJson: '{"role": "owner"}' });
		expect(item.json).toMatchObject({ appId: slack.id, id: user.id, scope: 'USER', changed: false, message: expect.stringMatching(/^Already assigned: the user has this app directly/) });
		expect(direct('Slack').get(user.id)).toEqual(before);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${slack.id}/users/${user.id}`]);
	});

	it('makes a group-granted app a direct assignment, and says what that means', async () => {
		const user = leaver();
		const jira = app('Jira');
		const [item] = await run('assignUser', { appId: byId(jira.id), userId: byId(user.id), assignmentType: 'sso' });
		expect(item.json).toMatchObject({ scope: 'USER', changed: true, message: expect.stringContaining('already had the app through a group') });
		expect(direct('Jira').has(user.id)).toBe(true);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${jira.id}/users/${user.id}`, `POST /api/v1/apps/${jira.id}/users`]);
		expect(sandbox.requestLog.map((entry) => entry.status)).toEqual([200, 200]);
		expect(sandbox.requestLog[1].body).toEqual({ id: user.id, scope: 'USER' });
	});

	it('explains Okta\'s "not found" for an inactive app, and names the item (Continue On Fail)', async () => {
		const legacy = app('Legacy Expenses');
		const user = newcomer();
		const output = await run('assignUser', { appId: byId(legacy.id), userId: byId(user.id), assignmentType: 'sso' }, { continueOnFail: true });
		expect(output[0].json).toMatchObject({
			itemIndex: 0,
			httpCode: '404',
			error: expect.stringMatching(new RegExp(`^Assigning user ${user.id} to app ${legacy.id}: Not found: Resource not found: ${legacy.id} \\(AppInstance\\)`)),
			description: expect.stringMatching(/^The app "Legacy Expenses" exists but is INACTIVE: Okta refuses assignment changes on an inactive app/),
		});
		expect(direct('Legacy Expenses').size).toBe(0);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${legacy.id}/users/${user.id}`, `POST /api/v1/apps/${legacy.id}/users`, `GET /api/v1/apps/${legacy.id}`]);
		expect(sandbox.requestLog.map((entry) => entry.status)).toEqual([404, 404, 200]);
	});

	it('reports a missing user with Okta\'s message and a hint about the user, not the app', async () => {
		const vpn = app('Corporate VPN');
		const output = await run('assignUser', { appId: byId(vpn.id), userId: byId('00uNoSuchUser0000000'), assignmentType: 'sso' }, { continueOnFail: true });
		expect(output[0].json).toMatchObject({ httpCode: '404', error: expect.stringContaining('(User)'), description: 'Okta found no such user. Check the user ID or login.' });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${vpn.id}/users/00uNoSuchUser0000000`, `POST /api/v1/apps/${vpn.id}/users`, `GET /api/v1/apps/${vpn.id}`]);
	});

	it('takes a lost answer whose repeat Okta accepts as assigned', async () => {
		const user = newcomer();
		const vpn = app('Corporate VPN');
		sandbox.faults.set(new RegExp(`^POST /api/v1/apps/${vpn.id}/users$`), { dropAfterRate: 1, maxStrikes: 1 });
		const [item] = await run('assignUser', { appId: byId(vpn.id), userId: byId(user.id), assignmentType: 'sso' });
		expect(item.json).toMatchObject({ id: user.id, scope: 'USER', changed: true, message: 'Assigned' });
		expect(item.json.resolvedAfterRetry).toBeUndefined();
		expect(direct('Corporate VPN').has(user.id)).toBe(true);
		expect(sandbox.requestLog.map((entry) => `${entry.method} ${entry.status}`)).toEqual(['GET 404', 'POST -1', 'POST 200']);
	});

	/**
	 * The first POST fails without an answer (`first`: dropped before or after the route ran), and the repeat is
	 * refused with a 4xx. The sandbox, like Okta, accepts a repeated assignment, so the refusal is injected.
	 */
	const assignWithRefusedRepeat = async (first: { dropRate: number } | { dropAfterRate: number }) => {
		const user = newcomer();
		const vpn = app('Corporate VPN');
		const post = new RegExp(`^POST /api/v1/apps/${vpn.id}/users$`);
		sandbox.faults.set(post, { ...first, maxStrikes: 1 });
		sandbox.faults.set(post, { errorRate: 1, errorStatus: 403, maxStrikes: 1 });
		const output = await run('assignUser', { appId: byId(vpn.id), userId: byId(user.id), assignmentType: 'sso' }, { continueOnFail: true });
		return { user, vpn, item: output[0] };
	};

	it('reconciles a refused repeat by reading the assignment: the lost first attempt had assigned the user', async () => {
		const { user, vpn, item } = await assignWithRefusedRepeat({ dropAfterRate: 1 });
		expect(item.json).toMatchObject({
			appId: vpn.id,
			id: user.id,
			scope: 'USER',
			changed: true,
			message: 'Assigned',
			resolvedAfterRetry: 'An earlier attempt was cut off but had reached Okta: the user is assigned',
		});
		expect(direct('Corporate VPN').has(user.id)).toBe(true);
		expect(requestsMade(sandbox)).toEqual([
			`GET /api/v1/apps/${vpn.id}/users/${user.id}`,
			`POST /api/v1/apps/${vpn.id}/users`,
			`POST /api/v1/apps/${vpn.id}/users`,
			`GET /api/v1/apps/${vpn.id}/users/${user.id}`,
		]);
		expect(sandbox.requestLog.map((entry) => entry.status)).toEqual([404, -1, 403, 200]);
	});

	it('fails the item when the refused repeat followed an attempt that never reached Okta (the read finds no assignment)', async () => {
		const { user, vpn, item } = await assignWithRefusedRepeat({ dropRate: 1 });
		expect(item.json).toMatchObject({
			httpCode: '403',
			error: expect.stringMatching(new RegExp(`^Assigning user ${user.id} to app ${vpn.id}: POST /api/v1/apps/${vpn.id}/users was repeated after an attempt that may have reached Okta, and Okta refused the repeat`)),
		});
		expect(direct('Corporate VPN').has(user.id)).toBe(false);
		expect(sandbox.requestLog.map((entry) => `${entry.method} ${entry.status}`)).toEqual(['GET 404', 'POST -1', 'POST 403', 'GET 404']);
	});
});

describe('Update Assigned User', () => {
	it('changes the app username and profile of an assignment', async () => {
		const user = leaver();
		const slack = app('Slack');
		const [item] = await run('updateAssignedUser', { appId: byId(slack.id), userId: byId(user.id), appUserName: 'jane', appProfile: { attribute: [{ key: 'role', value: 'admin' }] } });
		expect(item.json).toMatchObject({ appId: slack.id, id: user.id, userName: 'jane', profile: { role: 'admin' } });
		expect(direct('Slack').get(user.id)).toMatchObject({ credentials: { userName: 'jane' }, profile: { role: 'admin' } });
		expect(sandbox.requestLog.at(-1)!.body).toEqual({ credentials: { userName: 'jane' }, profile: { role: 'admin' } });
	});

	it('needs something to change, and says to assign first when the user is not assigned', async () => {
		const vpn = app('Corporate VPN');
		const user = newcomer();
		await expect(run('updateAssignedUser', { appId: byId(vpn.id), userId: byId(user.id) })).rejects.toThrow('App Username (item 0): set an App Username or at least one App Profile attribute to change');
		const output = await run('updateAssignedUser', { appId: byId(vpn.id), userId: byId(user.id), appUserName: 'x' }, { continueOnFail: true });
		expect(output[0].json).toMatchObject({ httpCode: '404', description: expect.stringMatching(/^The user is not assigned to this app/) });
		expect(requestsMade(sandbox)).toEqual([`POST /api/v1/apps/${vpn.id}/users/${user.id}`, `GET /api/v1/apps/${vpn.id}`]);
	});
});

describe('Get Assigned User and Get Assigned Users', () => {
	it('reads one assignment: a group-granted one has scope GROUP; Include User embeds the user', async () => {
		const user = leaver();
		const jira = app('Jira');
		const [item] = await run('getAssignedUser', { appId: byId(jira.id), userId: byId(user.id), includeUser: true });
		expect(item.json).toMatchObject({ appId: jira.id, id: user.id, scope: 'GROUP', userName: DEMO_LEAVER_LOGIN, login: DEMO_LEAVER_LOGIN, userStatus: 'ACTIVE' });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${jira.id}/users/${user.id}`]);
		expect(sandbox.requestLog[0].query).toEqual({ expand: 'user' });
	});

	it('returns all app users over more than one page (500 per page), or up to the limit', async () => {
		sandbox.reset({ users: 620 });
		const big = seedApp({ state: sandbox.state }, 'saml', 'Big App');
		for (const userId of sandbox.state.users.keys()) seedAppUser(sandbox.state, big.id, userId);
		const all = await run('getAssignedUsers', { appId: byId(big.id), returnAll: true });
		expect(all.map((item) => item.json.id)).toEqual([...sandbox.state.users.keys()]);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${big.id}/users`, `GET /api/v1/apps/${big.id}/users`]);
		expect(sandbox.requestLog.map((entry) => entry.query.limit)).toEqual(['500', '500']);
		sandbox.requestLog.length = 0;
		const some = await run('getAssignedUsers', { appId: byId(big.id), returnAll: false, limit: 30, filters: { q: 'ada' } });
		expect(some.length).toBeGreaterThan(0);
		expect(some.every((item) => String(item.json.userName).startsWith('ada'))).toBe(true);
		expect(sandbox.requestLog.map((entry) => entry.query)).toEqual([{ q: 'ada', limit: '30' }]);
	});
});

describe('Unassign User', () => {
	it('removes a direct assignment, with Send Email', async () => {
		const user = leaver();
		const vpn = app('Corporate VPN');
		const [item] = await run('unassignUser', { appId: byId(vpn.id), userId: byId(user.id), sendEmail: true });
		expect(item.json).toEqual({ appId: vpn.id, id: user.id, scope: 'USER', changed: true, message: 'Unassigned' });
		expect(direct('Corporate VPN').has(user.id)).toBe(false);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${vpn.id}/users/${user.id}`, `DELETE /api/v1/apps/${vpn.id}/users/${user.id}`]);
		expect(sandbox.requestLog[1].query).toEqual({ sendEmail: 'true' });
	});

	it('reports an assignment that is not there as already absent, without a DELETE', async () => {
		const user = newcomer();
		const vpn = app('Corporate VPN');
		const [item] = await run('unassignUser', { appId: byId(vpn.id), userId: byId(user.id) });
		expect(item.json).toEqual({ appId: vpn.id, id: user.id, changed: false, message: 'Already absent: the user has no assignment to this app' });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${vpn.id}/users/${user.id}`, `GET /api/v1/apps/${vpn.id}`]);
	});

	it('passes on Okta\'s refusal for a group-granted app, naming the group that grants it', async () => {
		const user = leaver();
		const jira = app('Jira');
		const output = await run('unassignUser', { appId: byId(jira.id), userId: byId(user.id) }, { continueOnFail: true });
		expect(output[0].json).toMatchObject({
			httpCode: '403',
			error: `Unassigning user ${user.id} from app ${jira.id}: Deactivate application for user forbidden.: The application cannot be unassigned from the user while their group memberships grant them access [HTTP 403, E0000046]`,
			description: expect.stringMatching(/^The user gets this app through the group "Engineering"\. .*remove the user from that group \(Group > Remove User\)/),
		});
		expect(sandbox.state.memberships.get(group('Engineering').id)!.has(user.id)).toBe(true);
		expect(direct('Jira').has(user.id)).toBe(false);
		// The assignment, the refused DELETE, then the app's groups and the user's groups to name the one that grants it.
		expect(requestsMade(sandbox)).toEqual([
			`GET /api/v1/apps/${jira.id}/users/${user.id}`,
			`DELETE /api/v1/apps/${jira.id}/users/${user.id}`,
			`GET /api/v1/apps/${jira.id}/groups`,
			`GET /api/v1/users/${user.id}/groups`,
		]);
		expect(sandbox.requestLog.map((entry) => entry.status)).toEqual([200, 403, 200, 200]);
	});

	it('explains Okta\'s "not found" when the app was deactivated, and keeps the assignment', async () => {
		const user = leaver();
		const slack = app('Slack');
		await run('deactivate', { appId: byId(slack.id) });
		sandbox.requestLog.length = 0;
		const output = await run('unassignUser', { appId: byId(slack.id), userId: byId(user.id) }, { continueOnFail: true });
		expect(output[0].json).toMatchObject({
			httpCode: '404',
			error: expect.stringMatching(new RegExp(`^Unassigning user ${user.id} from app ${slack.id}: Not found`)),
			description: expect.stringMatching(/^The app "Slack" exists but is INACTIVE: Okta refuses assignment changes on an inactive app/),
		});
		expect(direct('Slack').has(user.id)).toBe(true);
		expect(requestsMade(sandbox)).toEqual([
			`GET /api/v1/apps/${slack.id}/users/${user.id}`,
			`DELETE /api/v1/apps/${slack.id}/users/${user.id}`,
			`GET /api/v1/apps/${slack.id}/users/${user.id}`,
			`GET /api/v1/apps/${slack.id}`,
		]);
		expect(sandbox.requestLog.map((entry) => entry.status)).toEqual([200, 404, 200, 200]);
	});

	it('settles a DELETE whose answer was lost by reading the assignment', async () => {
		const user = leaver();
		const vpn = app('Corporate VPN');
		sandbox.faults.set(new RegExp(`^DELETE /api/v1/apps/${vpn.id}/users/`), { dropAfterRate: 1, maxStrikes: 1 });
		const [item] = await run('unassignUser', { appId: byId(vpn.id), userId: byId(user.id) });
		expect(item.json).toMatchObject({ changed: true, message: expect.stringMatching(/^Unassigned \(confirmed by reading the assignment/) });
		expect(direct('Corporate VPN').has(user.id)).toBe(false);
		expect(sandbox.requestLog.map((entry) => `${entry.method} ${entry.status}`)).toEqual(['GET 200', 'DELETE -1', 'DELETE 404', 'GET 404', 'GET 200']);
	});
});

describe('Assign Group, Unassign Group, Get Assigned Groups', () => {
	it('assigns a group with priority and profile; its members get the app with scope GROUP', async () => {
		const vpn = app('Corporate VPN');
		const sales = group('Sales');
		const [item] = await run('assignGroup', { appId: byId(vpn.id), groupId: byId(sales.id), options: { priority: 2, profile: { attribute: [{ key: 'vlan', value: '20' }] } } });
		expect(item.json).toMatchObject({ appId: vpn.id, id: sales.id, priority: 2, profile: { vlan: '20' }, changed: true });
		expect(sandbox.state.appGroups.get(vpn.id)!.get(sales.id)).toMatchObject({ priority: 2, profile: { vlan: '20' } });
		const member = [...sandbox.state.memberships.get(sales.id)!][0];
		const [assignment] = await run('getAssignedUser', { appId: byId(vpn.id), userId: byId(member) });
		expect(assignment.json).toMatchObject({ id: member, scope: 'GROUP' });
		const groups = await run('getAssignedGroups', { appId: byId(vpn.id), returnAll: true });
		expect(groups.map((entry) => entry.json)).toEqual([{ id: sales.id, priority: 2, name: 'Sales', profile: { vlan: '20' }, lastUpdated: expect.stringMatching(/^\d{4}-/) }]);
		expect(requestsMade(sandbox)).toEqual([
			`GET /api/v1/apps/${vpn.id}/groups/${sales.id}`,
			`PUT /api/v1/apps/${vpn.id}/groups/${sales.id}`,
			`GET /api/v1/apps/${vpn.id}/users/${member}`,
			`GET /api/v1/apps/${vpn.id}/groups`,
		]);
		expect(sandbox.requestLog[1].body).toEqual({ priority: 2, profile: { vlan: '20' } });
		expect(sandbox.requestLog[3].query).toEqual({ expand: 'group', limit: '200' });
	});

	it('gets assigned groups by name prefix; a Limit under Okta\'s smallest page (20) asks for 20 and keeps the first ones', async () => {
		const wiki = app('Team Wiki');
		for (const name of ['Sales', 'Engineering', 'Contractors']) {
			await run('assignGroup', { appId: byId(wiki.id), groupId: byId(group(name).id) });
		}
		sandbox.requestLog.length = 0;
		const two = await run('getAssignedGroups', { appId: byId(wiki.id), returnAll: false, limit: 2 });
		expect(two.map((entry) => entry.json.name)).toEqual(['Everyone', 'Sales']);
		const byName = await run('getAssignedGroups', { appId: byId(wiki.id), returnAll: true, includeGroup: false, simplify: false, filters: { q: 'Eng' } });
		expect(byName.map((entry) => entry.json.id)).toEqual([group('Engineering').id]);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${wiki.id}/groups`, `GET /api/v1/apps/${wiki.id}/groups`]);
		expect(sandbox.requestLog.map((entry) => entry.query)).toEqual([{ expand: 'group', limit: '20' }, { q: 'Eng', limit: '200' }]);
	});

	it('reports an existing group assignment as success without a PUT, and removes it; a second removal is already absent', async () => {
		const jira = app('Jira');
		const engineering = group('Engineering');
		const [again] = await run('assignGroup', { appId: byId(jira.id), groupId: byId(engineering.id) });
		expect(again.json).toMatchObject({ changed: false, message: 'Already assigned: the group has this app. Nothing was changed.' });
		const [removed] = await run('unassignGroup', { appId: byId(jira.id), groupId: byId(engineering.id) });
		expect(removed.json).toMatchObject({ changed: true });
		expect(sandbox.state.appGroups.get(jira.id)!.has(engineering.id)).toBe(false);
		const [absent] = await run('unassignGroup', { appId: byId(jira.id), groupId: byId(engineering.id) });
		expect(absent.json).toEqual({ appId: jira.id, id: engineering.id, changed: false, message: 'Already absent: the group is not assigned to this app' });
		expect(requestsMade(sandbox).filter((request) => !request.startsWith('GET'))).toEqual([`DELETE /api/v1/apps/${jira.id}/groups/${engineering.id}`]);
	});

	it('explains the refusal of a group assignment on an inactive app', async () => {
		const legacy = app('Legacy Expenses');
		const output = await run('assignGroup', { appId: byId(legacy.id), groupId: byId(group('Sales').id) }, { continueOnFail: true });
		expect(output[0].json).toMatchObject({ httpCode: '404', description: expect.stringMatching(/^The app "Legacy Expenses" exists but is INACTIVE/) });
		expect(sandbox.state.appGroups.get(legacy.id)!.size).toBe(0);
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${legacy.id}/groups/${group('Sales').id}`, `PUT /api/v1/apps/${legacy.id}/groups/${group('Sales').id}`, `GET /api/v1/apps/${legacy.id}`]);
		expect(sandbox.requestLog.map((entry) => entry.status)).toEqual([404, 404, 200]);
	});

	it('settles an Unassign Group DELETE whose answer was lost by reading the group assignment', async () => {
		const jira = app('Jira');
		const engineering = group('Engineering');
		sandbox.faults.set(new RegExp(`^DELETE /api/v1/apps/${jira.id}/groups/`), { dropAfterRate: 1, maxStrikes: 1 });
		const [item] = await run('unassignGroup', { appId: byId(jira.id), groupId: byId(engineering.id) });
		expect(item.json).toEqual({ appId: jira.id, id: engineering.id, changed: true, message: 'Unassigned (confirmed by reading the assignment after Okta answered "not found")' });
		expect(sandbox.state.appGroups.get(jira.id)!.has(engineering.id)).toBe(false);
		expect(requestsMade(sandbox)).toEqual([
			`GET /api/v1/apps/${jira.id}/groups/${engineering.id}`,
			`DELETE /api/v1/apps/${jira.id}/groups/${engineering.id}`,
			`DELETE /api/v1/apps/${jira.id}/groups/${engineering.id}`,
			`GET /api/v1/apps/${jira.id}/groups/${engineering.id}`,
			`GET /api/v1/apps/${jira.id}`,
		]);
		expect(sandbox.requestLog.map((entry) => entry.status)).toEqual([200, -1, 404, 404, 200]);
	});

	it('updates priority and profile of a group that is already assigned', async () => {
		const jira = app('Jira');
		const engineering = group('Engineering');
		const [item] = await run('assignGroup', { appId: byId(jira.id), groupId: byId(engineering.id), options: { priority: 5, profileJson: '{"role": "dev"}' } });
		expect(item.json).toMatchObject({ id: engineering.id, priority: 5, profile: { role: 'dev' }, changed: true, message: 'Already assigned; priority and profile updated' });
		expect(sandbox.state.appGroups.get(jira.id)!.get(engineering.id)).toMatchObject({ priority: 5, profile: { role: 'dev' } });
		expect(requestsMade(sandbox)).toEqual([`GET /api/v1/apps/${jira.id}/groups/${engineering.id}`, `PUT /api/v1/apps/${jira.id}/groups/${engineering.id}`]);
	});
});
