import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { OktaDirectory } from '../../../../nodes/Okta/OktaDirectory.node';
import { executeNode } from '../../../helpers/n8n';
import { startSandbox } from '../../../sandbox';
import type { SandboxUser, UserStatus } from '../../../sandbox/context';
import { expectEveryOperationRun } from '../run';

expectEveryOperationRun('userLifecycle');

/**
 * User Lifecycle against the sandbox: each operation's request (path, query, header), the output, the
 * user's status in the sandbox afterwards, and spec validation of every request sent.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(async () => {
	await sandbox.reset();
});

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byLogin = (value: string) => ({ __rl: true, mode: 'login', value });

async function run(
	operation: string,
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
): Promise<INodeExecutionData[]> {
	const { output } = await executeNode({
		node: new OktaDirectory(),
		parameters: { resource: 'userLifecycle', operation, ...parameters },
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } },
	});
	return output[0];
}

/** The seed's `skip`-th user in this status (the demo seed has every status but RECOVERY, at least three times). */
function userIn(status: UserStatus, skip = 0): SandboxUser {
	const user = [...sandbox.state.users.values()].filter((candidate) => candidate.status === status)[skip];
	if (!user) throw new Error(`the seed has no user in status ${status}`);
	return user;
}

const statusOf = (id: string) => sandbox.state.users.get(id)?.status;

/** Requests of this test, as "METHOD /path", and a check that each passed spec validation. */
function requests(): string[] {
	for (const entry of sandbox.requestLog) expect({ request: `${entry.method} ${entry.path}`, validation: entry.validation }).toEqual({
		request: `${entry.method} ${entry.path}`,
		validation: 'passed',
	});
	return sandbox.requestLog.map((entry) => `${entry.method} ${entry.path}`);
}

const lastQuery = (method: string, pathEnd: string) =>
	[...sandbox.requestLog].reverse().find((entry) => entry.method === method && entry.path.endsWith(pathEnd))?.query;

describe('Activate', () => {
	it('activates a STAGED user without email and returns the activation link, token and the user read back', async () => {
		const user = userIn('STAGED');
		const [item] = await run('activate', { userId: byId(user.id), sendEmail: false });

		expect(item.json).toMatchObject({ id: user.id, action: 'activate', login: user.profile.login });
		expect(item.json.activationUrl).toEqual(expect.stringContaining('http'));
		expect(item.json.activationToken).toEqual(expect.any(String));
		expect(['ACTIVE', 'PROVISIONED']).toContain(item.json.status);
		expect(statusOf(user.id)).toBe(item.json.status);
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/activate`, `GET /api/v1/users/${user.id}`]);
		expect(lastQuery('POST', '/lifecycle/activate')).toMatchObject({ sendEmail: 'false' });
	});

	it('sends the activation email by default and addresses the user by login', async () => {
		const user = userIn('STAGED');
		const login = String(user.profile.login);
		const [item] = await run('activate', { userId: byLogin(login) });

		expect(item.json).toMatchObject({ id: user.id, login, action: 'activate' });
		expect(item.json.activationUrl).toBeUndefined();
		expect(statusOf(user.id)).not.toBe('STAGED');
		expect(requests()).toEqual([
			`POST /api/v1/users/${encodeURIComponent(login)}/lifecycle/activate`,
			`GET /api/v1/users/${encodeURIComponent(login)}`,
		]);
		expect(lastQuery('POST', '/lifecycle/activate')).toMatchObject({ sendEmail: 'true' });
	});

	it('refuses to activate an ACTIVE user with Okta\'s reason and the item index', async () => {
		const user = userIn('ACTIVE');
		await expect(run('activate', { userId: byId(user.id) })).rejects.toMatchObject({
			message: expect.stringMatching(/HTTP 403, E0000038/),
			context: expect.objectContaining({ itemIndex: 0 }),
		});
		expect(statusOf(user.id)).toBe('ACTIVE');
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/activate`]);
	});
});

describe('Deactivate', () => {
	it('deactivates an ACTIVE user, asynchronously and with the admin email when asked', async () => {
		const user = userIn('ACTIVE');
		const [item] = await run('deactivate', { userId: byId(user.id), options: { sendEmail: true, async: true } });

		expect(item.json).toMatchObject({ id: user.id, action: 'deactivate' });
		expect(['DEPROVISIONED', 'ACTIVE']).toContain(item.json.status);
		expect(statusOf(user.id)).toBe('DEPROVISIONED');
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/deactivate`, `GET /api/v1/users/${user.id}`]);
		expect(lastQuery('POST', '/lifecycle/deactivate')).toMatchObject({ sendEmail: 'true' });
		expect(sandbox.requestLog[0].headers.prefer).toBe('respond-async');
	});

	it('sends sendEmail=false by default', async () => {
		const user = userIn('SUSPENDED');
		const [item] = await run('deactivate', { userId: byId(user.id), returnUser: false });
		expect(item.json).toEqual({ id: user.id, action: 'deactivate' });
		expect(statusOf(user.id)).toBe('DEPROVISIONED');
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/deactivate`]);
		expect(lastQuery('POST', '/lifecycle/deactivate')).toMatchObject({ sendEmail: 'false' });
		expect(sandbox.requestLog[0].headers.prefer).toBeUndefined();
	});

	it('refuses to deactivate a DEPROVISIONED user', async () => {
		const user = userIn('DEPROVISIONED');
		const [item] = await run('deactivate', { userId: byId(user.id) }, { continueOnFail: true });
		expect(item.json).toMatchObject({ itemIndex: 0, error: expect.stringMatching(/E0000038/) });
		expect(statusOf(user.id)).toBe('DEPROVISIONED');
		requests();
	});
});

describe('Reactivate', () => {
	it('reactivates a PROVISIONED user and returns a fresh activation link when not emailing', async () => {
		const user = userIn('PROVISIONED');
		const [item] = await run('reactivate', { userId: byId(user.id), sendEmail: false });
		expect(item.json).toMatchObject({ id: user.id, action: 'reactivate', status: 'PROVISIONED' });
		expect(item.json.activationUrl).toEqual(expect.any(String));
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/reactivate`, `GET /api/v1/users/${user.id}`]);
		expect(lastQuery('POST', '/lifecycle/reactivate')).toMatchObject({ sendEmail: 'false' });
	});

	it('refuses to reactivate an ACTIVE user', async () => {
		const user = userIn('ACTIVE');
		await expect(run('reactivate', { userId: byId(user.id) })).rejects.toThrow(/E0000038/);
		expect(statusOf(user.id)).toBe('ACTIVE');
		requests();
	});
});

describe('Suspend and Unsuspend', () => {
	it('suspends an ACTIVE user and unsuspends them again', async () => {
		const user = userIn('ACTIVE');
		const [suspended] = await run('suspend', { userId: byId(user.id) });
		expect(suspended.json).toMatchObject({ id: user.id, status: 'SUSPENDED', action: 'suspend', login: user.profile.login });
		expect(statusOf(user.id)).toBe('SUSPENDED');

		const [unsuspended] = await run('unsuspend', { userId: byId(user.id) });
		expect(unsuspended.json).toMatchObject({ id: user.id, status: 'ACTIVE', action: 'unsuspend' });
		expect(statusOf(user.id)).toBe('ACTIVE');
		expect(requests()).toEqual([
			`POST /api/v1/users/${user.id}/lifecycle/suspend`,
			`GET /api/v1/users/${user.id}`,
			`POST /api/v1/users/${user.id}/lifecycle/unsuspend`,
			`GET /api/v1/users/${user.id}`,
		]);
	});

	it('with Continue On Fail, suspends the ACTIVE users and reports the STAGED and unknown ones by item', async () => {
		const active = userIn('ACTIVE');
		const staged = userIn('STAGED');
		const items = [{ json: { id: active.id } }, { json: { id: staged.id } }, { json: { id: '00uDoesNotExist00000' } }];
		const output = await run('suspend', { userId: byId('={{ $json.id }}') }, { items, continueOnFail: true });

		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ json: { id: active.id, status: 'SUSPENDED' }, pairedItem: { item: 0 } });
		expect(output[1]).toMatchObject({ json: { itemIndex: 1, error: expect.stringMatching(/HTTP 403, E0000038/) }, pairedItem: { item: 1 } });
		expect(output[2]).toMatchObject({ json: { itemIndex: 2, error: expect.stringMatching(/HTTP 404, E0000007/) }, pairedItem: { item: 2 } });
		expect(statusOf(active.id)).toBe('SUSPENDED');
		expect(statusOf(staged.id)).toBe('STAGED');
		requests();
	});

	it('refuses to unsuspend a user that is not SUSPENDED', async () => {
		const user = userIn('ACTIVE');
		await expect(run('unsuspend', { userId: byId(user.id) })).rejects.toThrow(/E0000038/);
		expect(statusOf(user.id)).toBe('ACTIVE');
		requests();
	});
});

describe('Unlock', () => {
	it('unlocks a LOCKED_OUT user', async () => {
		const user = userIn('LOCKED_OUT');
		const [item] = await run('unlock', { userId: byId(user.id) });
		expect(item.json).toMatchObject({ id: user.id, status: 'ACTIVE', action: 'unlock' });
		expect(statusOf(user.id)).toBe('ACTIVE');
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/unlock`, `GET /api/v1/users/${user.id}`]);
	});

	it('refuses to unlock a SUSPENDED user', async () => {
		const user = userIn('SUSPENDED');
		await expect(run('unlock', { userId: byId(user.id) })).rejects.toThrow(/HTTP 4\d\d/);
		expect(statusOf(user.id)).toBe('SUSPENDED');
		requests();
	});
});

describe('Reset Password', () => {
	it('moves the user to RECOVERY and returns the reset link when not emailing', async () => {
		const user = userIn('ACTIVE');
		const [item] = await run('resetPassword', { userId: byId(user.id), sendEmail: false, revokeSessions: true });
		expect(item.json).toMatchObject({ id: user.id, status: 'RECOVERY', action: 'resetPassword' });
		expect(item.json.resetPasswordUrl).toEqual(expect.stringContaining('http'));
		expect(statusOf(user.id)).toBe('RECOVERY');
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/reset_password`, `GET /api/v1/users/${user.id}`]);
		expect(lastQuery('POST', '/lifecycle/reset_password')).toMatchObject({ sendEmail: 'false', revokeSessions: 'true' });
	});

	it('always sends the required sendEmail, true by default, and then returns no link', async () => {
		const user = userIn('ACTIVE');
		const [item] = await run('resetPassword', { userId: byId(user.id), returnUser: false });
		expect(item.json).toEqual({ id: user.id, action: 'resetPassword' });
		expect(lastQuery('POST', '/lifecycle/reset_password')).toMatchObject({ sendEmail: 'true', revokeSessions: 'false' });
		requests();
	});
});

describe('Expire Password', () => {
	it('expires the password with one request: Okta returns the user', async () => {
		const user = userIn('ACTIVE');
		const [item] = await run('expirePassword', { userId: byId(user.id) });
		expect(item.json).toMatchObject({ id: user.id, status: 'PASSWORD_EXPIRED', action: 'expirePassword' });
		expect(item.json.tempPassword).toBeUndefined();
		expect(statusOf(user.id)).toBe('PASSWORD_EXPIRED');
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/expire_password`]);
	});

	it('returns the temporary password when asked for one', async () => {
		const user = userIn('ACTIVE');
		const [item] = await run('expirePassword', { userId: byId(user.id), tempPassword: true, revokeSessions: true });
		expect(item.json).toMatchObject({ id: user.id, status: 'PASSWORD_EXPIRED', action: 'expirePassword' });
		expect(item.json.tempPassword).toEqual(expect.any(String));
		expect(statusOf(user.id)).toBe('PASSWORD_EXPIRED');
		expect(requests()).toEqual([
			`POST /api/v1/users/${user.id}/lifecycle/expire_password_with_temp_password`,
			`GET /api/v1/users/${user.id}`,
		]);
		expect(lastQuery('POST', '/expire_password_with_temp_password')).toMatchObject({ revokeSessions: 'true' });
	});

	it('with Return User off, still reports the new status Okta returned', async () => {
		const user = userIn('ACTIVE');
		const [item] = await run('expirePassword', { userId: byLogin(String(user.profile.login)), returnUser: false });
		expect(item.json).toEqual({ id: user.id, status: 'PASSWORD_EXPIRED', action: 'expirePassword' });
		requests();
	});
});

describe('Reset Factors', () => {
	it('resets the factors of an ACTIVE user, who stays ACTIVE', async () => {
		const user = userIn('ACTIVE');
		const [item] = await run('resetFactors', { userId: byId(user.id) });
		expect(item.json).toMatchObject({ id: user.id, status: 'ACTIVE', action: 'resetFactors' });
		expect(statusOf(user.id)).toBe('ACTIVE');
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/reset_factors`, `GET /api/v1/users/${user.id}`]);
	});
});

describe('Clear Sessions', () => {
	it('resolves a login to the ID the sessions endpoint needs and sends both options explicitly', async () => {
		const user = userIn('ACTIVE');
		user.sessions = 3;
		const login = String(user.profile.login);
		const [item] = await run('clearSessions', { userId: byLogin(login), oauthTokens: true, forgetDevices: false, returnUser: false });

		expect(item.json).toEqual({ id: user.id, action: 'clearSessions', oauthTokensRevoked: true, devicesForgotten: false });
		expect(sandbox.state.users.get(user.id)?.sessions).toBe(0);
		expect(requests()).toEqual([`GET /api/v1/users/${encodeURIComponent(login)}`, `DELETE /api/v1/users/${user.id}/sessions`]);
		expect(lastQuery('DELETE', '/sessions')).toMatchObject({ oauthTokens: 'true', forgetDevices: 'false' });
	});

	it('defaults to keeping OAuth tokens and forgetting devices, and reads the user back', async () => {
		const user = userIn('ACTIVE');
		const [item] = await run('clearSessions', { userId: byId(user.id) });
		expect(item.json).toMatchObject({ id: user.id, status: 'ACTIVE', action: 'clearSessions', devicesForgotten: true });
		expect(requests()).toEqual([`DELETE /api/v1/users/${user.id}/sessions`, `GET /api/v1/users/${user.id}`]);
		expect(lastQuery('DELETE', '/sessions')).toMatchObject({ oauthTokens: 'false', forgetDevices: 'true' });
	});
});

describe('Return User off', () => {
	it('outputs the user as addressed (by login here), the action and nothing read back', async () => {
		const user = userIn('ACTIVE');
		const login = String(user.profile.login);
		const [item] = await run('suspend', { userId: byLogin(login), returnUser: false });
		expect(item.json).toEqual({ login, action: 'suspend' });
		expect(statusOf(user.id)).toBe('SUSPENDED');
		expect(requests()).toEqual([`POST /api/v1/users/${encodeURIComponent(login)}/lifecycle/suspend`]);
	});
});

describe('repeating after a failure', () => {
	it('repeats a status change that ends the same however often it runs (suspend) after 5xx', async () => {
		const user = userIn('ACTIVE');
		sandbox.faults.set(`/api/v1/users/${user.id}/lifecycle/suspend`, { errorRate: 1, errorStatus: 503 });
		await expect(run('suspend', { userId: byId(user.id) })).rejects.toThrow(/HTTP 503/);
		expect(requests()).toEqual(Array(4).fill(`POST /api/v1/users/${user.id}/lifecycle/suspend`));
	});

	it('does not repeat an activation, which mails a link or mints a token, and says it may have happened', async () => {
		const user = userIn('STAGED');
		sandbox.faults.set(`/api/v1/users/${user.id}/lifecycle/activate`, { errorRate: 1, errorStatus: 503 });
		await expect(run('activate', { userId: byId(user.id) })).rejects.toThrow(
			`POST /api/v1/users/${user.id}/lifecycle/activate may or may not have reached Okta and was not repeated`,
		);
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/activate`]);
	});
});

describe('input errors', () => {
	it('names the field and the item when the user is empty, without calling Okta', async () => {
		const user = userIn('ACTIVE');
		const items = [{ json: { id: user.id } }, { json: { id: '' } }];
		const output = await run('suspend', { userId: byId('={{ $json.id }}') }, { items, continueOnFail: true });
		expect(output[0].json).toMatchObject({ id: user.id, status: 'SUSPENDED' });
		expect(output[1].json).toMatchObject({ itemIndex: 1, error: expect.stringContaining('User (item 1): is empty') });
		expect(requests()).toHaveLength(2);
	});

	it('reports an unknown user by item with Okta\'s not-found error', async () => {
		await expect(run('unlock', { userId: byId('00uNoSuchUser0000000') })).rejects.toMatchObject({
			message: expect.stringMatching(/HTTP 404, E0000007/),
			context: expect.objectContaining({ itemIndex: 0 }),
		});
		requests();
	});
});

describe('after an attempt whose answer was lost', () => {
	it.each([
		['deactivate', 'ACTIVE', 'DEPROVISIONED'],
		['suspend', 'ACTIVE', 'SUSPENDED'],
		['unsuspend', 'SUSPENDED', 'ACTIVE'],
	] as Array<[string, UserStatus, UserStatus]>)('%s: Okta refuses the repeat, the user is already %s → done, and the output says so', async (operation, from, to) => {
		const user = userIn(from);
		sandbox.faults.set(new RegExp(`^POST /api/v1/users/${user.id}/lifecycle/`), { dropAfterRate: 1, maxStrikes: 1 });
		const [item] = await run(operation, { userId: byId(user.id), returnUser: false });
		expect(statusOf(user.id)).toBe(to);
		expect(item.json).toMatchObject({ id: user.id, action: operation, resolvedAfterRetry: expect.stringContaining(`already ${to}`) });
		const changed = sandbox.requestLog.filter((entry) => entry.path.endsWith(`/lifecycle/${operation}`) && (entry.processedStatus ?? entry.status) === 200);
		expect(changed).toHaveLength(1);
		expect(requests()).toEqual([
			`POST /api/v1/users/${user.id}/lifecycle/${operation}`,
			`POST /api/v1/users/${user.id}/lifecycle/${operation}`,
			`GET /api/v1/users/${user.id}`,
		]);
	});

	it('still fails a refused repeat when the user is not in the target status, naming the request', async () => {
		const user = userIn('DEPROVISIONED');
		// The first attempt fails before Okta acts; the repeat is refused for a real reason (a deactivated user cannot be suspended).
		sandbox.faults.set(new RegExp(`^POST /api/v1/users/${user.id}/lifecycle/suspend`), { errorRate: 1, errorStatus: 503, maxStrikes: 1 });
		const [item] = await run('suspend', { userId: byId(user.id), returnUser: false }, { continueOnFail: true });
		expect(String(item.json.error)).toContain(`POST /api/v1/users/${user.id}/lifecycle/suspend was repeated after an attempt that may have reached Okta, and Okta refused the repeat`);
		expect(item.json.resolvedAfterRetry).toBeUndefined();
		expect(statusOf(user.id)).toBe('DEPROVISIONED');
		expect(requests()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/suspend`, `POST /api/v1/users/${user.id}/lifecycle/suspend`, `GET /api/v1/users/${user.id}`]);
	});
});
