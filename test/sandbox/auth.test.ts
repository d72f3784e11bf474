import { ALL_SCOPES } from './auth';
import { startSandbox, type Sandbox } from './index';
import { assertion, call, serviceToken, validClaims } from './testClient';

/** Who may call the management API: SSWS tokens, Bearer tokens the sandbox issued, and their scopes. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo', apiToken: '00test-token' });
});
afterAll(async () => await sandbox.close());

const bearer = async (scope: string) => {
	const reply = await serviceToken(sandbox, assertion(validClaims(sandbox), sandbox.oauth.serviceApp.privateKeyPem, sandbox.oauth.serviceApp.keyId), scope);
	expect(reply.status).toBe(200);
	return `Bearer ${reply.body.access_token}`;
};

describe('SSWS API tokens', () => {
	it('accepts the configured token, with every scope', async () => {
		expect(sandbox.apiToken).toBe('00test-token');
		for (const path of ['/api/v1/users?limit=1', '/api/v1/groups?limit=1', '/api/v1/devices?limit=1', '/api/v1/realms', '/api/v1/meta/types/user', '/api/v1/eventHooks']) {
			expect((await call(sandbox, 'GET', path)).status).toBe(200);
		}
	});

	it('refuses a wrong, missing or malformed credential with 401 E0000011', async () => {
		for (const auth of ['SSWS wrong', null, 'Basic dXNlcjpwYXNz', 'SSWS', 'Bearer not-issued-here']) {
			const reply = await call(sandbox, 'GET', '/api/v1/users', undefined, auth);
			expect(reply).toMatchObject({ status: 401, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided' } });
		}
	});
});

describe('Bearer tokens and scopes', () => {
	it('enforces scopes per endpoint with Okta\'s 403 E0000006 body', async () => {
		const token = await bearer('okta.users.read');
		expect((await call(sandbox, 'GET', '/api/v1/users?limit=1', undefined, token)).status).toBe(200);
		const forbidden = await call(sandbox, 'GET', '/api/v1/groups', undefined, token);
		expect(forbidden).toMatchObject({
			status: 403,
			body: { errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action', errorCauses: [{ errorSummary: 'The access token provided does not contain the required scopes.' }] },
		});
		expect(forbidden.headers.get('www-authenticate')).toContain('insufficient_scope');
		expect((await call(sandbox, 'POST', '/api/v1/users', { profile: { login: 'x@example.com', email: 'x@example.com', firstName: 'x', lastName: 'y' } }, token)).status).toBe(403);
		expect((await call(sandbox, 'POST', `/api/v1/users/${[...sandbox.state.users.keys()][0]}/lifecycle/suspend`, undefined, token)).status).toBe(403);
	});

	it('lets .manage scopes read as well', async () => {
		const token = await bearer('okta.groups.manage okta.devices.manage');
		expect((await call(sandbox, 'GET', '/api/v1/groups', undefined, token)).status).toBe(200);
		expect((await call(sandbox, 'GET', '/api/v1/devices', undefined, token)).status).toBe(200);
		expect((await call(sandbox, 'GET', '/api/v1/realms', undefined, token)).status).toBe(403);
	});

	it('refuses expired access tokens with 401', async () => {
		const token = await bearer('okta.users.read');
		sandbox.oauth.expireAccessTokens();
		const reply = await call(sandbox, 'GET', '/api/v1/users', undefined, token);
		expect(reply).toMatchObject({ status: 401, body: { errorCode: 'E0000011' } });
		expect(reply.headers.get('www-authenticate')).toContain('invalid_token');
	});

	it('honours a short accessTokenTtlSeconds', async () => {
		const short = await startSandbox({ accessTokenTtlSeconds: 1 });
		try {
			const reply = await serviceToken(short, assertion(validClaims(short), short.oauth.serviceApp.privateKeyPem, short.oauth.serviceApp.keyId));
			expect(reply.body.expires_in).toBe(1);
			const auth = `Bearer ${reply.body.access_token}`;
			expect((await call(short, 'GET', '/api/v1/users', undefined, auth)).status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 1100));
			expect((await call(short, 'GET', '/api/v1/users', undefined, auth)).status).toBe(401);
		} finally {
			await short.close();
		}
	});

	it('changes what a client may ask for with grantScopes', async () => {
		sandbox.oauth.grantScopes(sandbox.oauth.serviceApp.clientId, ['okta.users.read']);
		const refused = await serviceToken(sandbox, assertion(validClaims(sandbox), sandbox.oauth.serviceApp.privateKeyPem, sandbox.oauth.serviceApp.keyId), 'okta.groups.read');
		expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
	});
});

describe('scope matrix: every management endpoint', () => {
	// [method, path, resource]; reads need <resource>.read or .manage, everything else <resource>.manage.
	const endpoints = (): Array<[string, string, string]> => {
		const user = [...sandbox.state.users.values()].find((entry) => entry.status === 'ACTIVE')!.id;
		const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!.id;
		const device = [...sandbox.state.devices.keys()][0];
		const realm = [...sandbox.state.realms.keys()][0];
		return [
			['GET', '/api/v1/users', 'okta.users'], ['POST', '/api/v1/users', 'okta.users'], ['GET', `/api/v1/users/${user}`, 'okta.users'],
			['POST', `/api/v1/users/${user}`, 'okta.users'], ['PUT', `/api/v1/users/${user}`, 'okta.users'], ['DELETE', `/api/v1/users/${user}`, 'okta.users'],
			['POST', `/api/v1/users/${user}/lifecycle/suspend`, 'okta.users'], ['DELETE', `/api/v1/users/${user}/sessions`, 'okta.users'],
			['GET', `/api/v1/users/${user}/groups`, 'okta.users'], ['GET', `/api/v1/users/${user}/blocks`, 'okta.users'],
			['GET', '/api/v1/groups', 'okta.groups'], ['POST', '/api/v1/groups', 'okta.groups'], ['GET', `/api/v1/groups/${group}`, 'okta.groups'],
			['PUT', `/api/v1/groups/${group}`, 'okta.groups'], ['DELETE', `/api/v1/groups/${group}`, 'okta.groups'], ['GET', `/api/v1/groups/${group}/users`, 'okta.groups'],
			['PUT', `/api/v1/groups/${group}/users/${user}`, 'okta.groups'], ['DELETE', `/api/v1/groups/${group}/users/${user}`, 'okta.groups'],
			['GET', '/api/v1/devices', 'okta.devices'], ['GET', `/api/v1/devices/${device}`, 'okta.devices'], ['DELETE', `/api/v1/devices/${device}`, 'okta.devices'],
			['POST', `/api/v1/devices/${device}/lifecycle/suspend`, 'okta.devices'],
			['GET', '/api/v1/realms', 'okta.realms'], ['POST', '/api/v1/realms', 'okta.realms'], ['GET', `/api/v1/realms/${realm}`, 'okta.realms'],
			['PUT', `/api/v1/realms/${realm}`, 'okta.realms'], ['DELETE', `/api/v1/realms/${realm}`, 'okta.realms'],
			['GET', '/api/v1/meta/types/user', 'okta.userTypes'], ['POST', '/api/v1/meta/types/user', 'okta.userTypes'], ['GET', '/api/v1/meta/types/user/default', 'okta.userTypes'],
			['POST', '/api/v1/meta/types/user/default', 'okta.userTypes'], ['PUT', '/api/v1/meta/types/user/default', 'okta.userTypes'], ['DELETE', '/api/v1/meta/types/user/default', 'okta.userTypes'],
			['GET', '/api/v1/eventHooks', 'okta.eventHooks'], ['POST', '/api/v1/eventHooks', 'okta.eventHooks'], ['GET', '/api/v1/eventHooks/whoMissing', 'okta.eventHooks'],
			['PUT', '/api/v1/eventHooks/whoMissing', 'okta.eventHooks'], ['DELETE', '/api/v1/eventHooks/whoMissing', 'okta.eventHooks'],
			['POST', '/api/v1/eventHooks/whoMissing/lifecycle/verify', 'okta.eventHooks'],
		];
	};

	it('answers 403 before anything else, including validation, unless the token has the resource\'s scope', async () => {
		sandbox.oauth.grantScopes(sandbox.oauth.serviceApp.clientId, ALL_SCOPES);
		const resources = ['okta.users', 'okta.groups', 'okta.devices', 'okta.realms', 'okta.userTypes', 'okta.eventHooks'];
		const readAll = await bearer(resources.map((resource) => `${resource}.read`).join(' '));
		const manageAll = await bearer(resources.map((resource) => `${resource}.manage`).join(' '));
		const problems: string[] = [];
		for (const [method, path, resource] of endpoints()) {
			const others = await bearer(resources.filter((entry) => entry !== resource).map((entry) => `${entry}.manage`).join(' '));
			// An empty body is malformed for most writes: the scope is still checked first.
			const denied = await call(sandbox, method, path, method === 'GET' ? undefined : {}, others);
			if (denied.status !== 403 || denied.body.errorCode !== 'E0000006') problems.push(`${method} ${path} without ${resource}: ${denied.status}`);
			const withRead = await call(sandbox, method, path, method === 'GET' ? undefined : {}, readAll);
			if (method === 'GET' ? withRead.status === 403 : withRead.status !== 403) problems.push(`${method} ${path} with ${resource}.read: ${withRead.status}`);
			if (method === 'GET' && (await call(sandbox, method, path, undefined, manageAll)).status === 403) problems.push(`${method} ${path} with ${resource}.manage: 403`);
		}
		expect(problems).toEqual([]);
	});
});
