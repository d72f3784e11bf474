import { startSandbox, type Sandbox } from './index';
import managementSpec from './spec/okta-management.trimmed.json';
import oauthSpec from './spec/okta-oauth.trimmed.json';
import { activeUser, call, profile, responseDrift } from './testClient';

/**
 * Requests are checked against Okta's official spec (trimmed copy in ./spec) by express-openapi-validator;
 * malformed ones get Okta's 400s naming exactly what was wrong. The sandbox's own responses are checked too.
 */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const causes = (reply: { body: { errorCauses?: Array<{ errorSummary: string }> } }) => (reply.body.errorCauses ?? []).map((cause) => cause.errorSummary);

describe('malformed requests', () => {
	it('names a query parameter of the wrong type', async () => {
		const reply = await call(sandbox, 'GET', '/api/v1/users?limit=lots');
		expect(reply).toMatchObject({ status: 400, body: { errorCode: 'E0000001', errorSummary: 'Api validation failed: query.limit' } });
		expect(causes(reply)).toEqual(['query.limit: must be integer']);
	});

	it('names an unknown query parameter', async () => {
		const reply = await call(sandbox, 'GET', '/api/v1/users?colour=blue');
		expect(reply.status).toBe(400);
		expect(causes(reply).join(' ')).toContain('colour');
	});

	it('names a flag that is not a boolean', async () => {
		const reply = await call(sandbox, 'POST', '/api/v1/users?activate=maybe', { profile: profile('maybe@example.com') });
		expect(reply.status).toBe(400);
		expect(causes(reply)).toEqual(['query.activate: must be boolean']);
		expect(sandbox.state.users.size).toBe([...sandbox.state.users.values()].filter((user) => user.profile.login !== 'maybe@example.com').length);
	});

	it('names a body property of the wrong type', async () => {
		const reply = await call(sandbox, 'POST', '/api/v1/users', { profile: 'nope' });
		expect(reply.status).toBe(400);
		expect(causes(reply)).toEqual(['body.profile: must be object']);
		const group = await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: { first: 'x' } } });
		expect(causes(group)).toEqual(['body.profile.name: must be string']);
	});

	it('answers a body that is not JSON with 400 E0000003', async () => {
		const reply = await call(sandbox, 'POST', '/api/v1/groups', '{"profile": ');
		expect(reply).toMatchObject({ status: 400, body: { errorCode: 'E0000003', errorSummary: 'The request body was not well-formed.' } });
	});

	it('refuses a method the path does not have with 405 and Allow, and an unknown path with 404', async () => {
		const reply = await call(sandbox, 'PATCH', '/api/v1/users');
		expect(reply).toMatchObject({ status: 405, body: { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' } });
		expect(reply.headers.get('allow')?.toUpperCase()).toBe('GET, POST');
		expect(await call(sandbox, 'GET', '/api/v1/applications')).toMatchObject({ status: 404, body: { errorCode: 'E0000008' } });
	});

	it('names a value outside an enum, a missing required property, a missing required parameter and a maximum', async () => {
		expect(causes(await call(sandbox, 'GET', '/api/v1/devices?expand=everything'))).toEqual(['query.expand: must be equal to one of the allowed values: user, userSummary']);
		expect(causes(await call(sandbox, 'POST', '/api/v1/realms', { profile: { name: 'x', realmType: 'VENDOR' } }))).toEqual(['body.profile.realmType: must be equal to one of the allowed values: PARTNER, DEFAULT']);
		expect(causes(await call(sandbox, 'POST', '/api/v1/users', { credentials: {} }))).toEqual(["body.profile: must have required property 'profile'"]);
		expect(causes(await call(sandbox, 'POST', '/api/v1/eventHooks', { name: 'x', events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] } }))).toEqual(["body.channel: must have required property 'channel'"]);
		expect(causes(await call(sandbox, 'POST', `/api/v1/users/${activeUser(sandbox).id}/lifecycle/reset_password`))).toEqual(["query.sendEmail: must have required property 'sendEmail'"]);
		expect(causes(await call(sandbox, 'GET', '/api/v1/groups?limit=20000'))).toEqual(['query.limit: must be <= 10000']);
		// A rejected request changes nothing.
		expect([...sandbox.state.realms.values()].some((realm) => realm.profile.name === 'x')).toBe(false);
	});

	it('refuses a body that is not JSON by media type with 415 E0000012', async () => {
		const response = await fetch(`${sandbox.baseUrl}/api/v1/groups`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `SSWS ${sandbox.apiToken}` }, body: 'hello' });
		expect(response.status).toBe(415);
		expect(await response.json()).toMatchObject({ errorCode: 'E0000012', errorCauses: [{ errorSummary: 'request: unsupported media type text/plain' }] });
	});

	it('answers malformed OAuth requests with invalid_request', async () => {
		const response = await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"client_credentials"}' });
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'request: unsupported media type application/json' });
	});

	it('records each rejection on the request log entry', async () => {
		await call(sandbox, 'GET', '/api/v1/users?limit=lots');
		await call(sandbox, 'POST', '/api/v1/groups', '{');
		await call(sandbox, 'GET', '/api/v1/users?limit=1');
		expect(sandbox.requestLog.map((entry) => entry.validation)).toEqual([{ error: 'query.limit: must be integer' }, { error: expect.stringMatching(/^body: /) }, 'passed']);
	});

	it('accepts what Okta accepts: bare reserved characters in query values, coerced booleans and integers', async () => {
		const raw = await fetch(`${sandbox.baseUrl}/api/v1/users?search=(status eq "ACTIVE") and lastUpdated gt "2000-01-01T00:00:00.000Z"&limit=5`, { headers: { authorization: `SSWS ${sandbox.apiToken}` } });
		expect(raw.status).toBe(200);
		expect(((await raw.json()) as unknown[]).length).toBe(5);
		expect((await call(sandbox, 'POST', '/api/v1/users?activate=false', { profile: profile('flag@example.com') })).body.status).toBe('STAGED');
	});
});

describe('the sandbox\'s own responses', () => {
	it('match the spec across the API', async () => {
		const user = activeUser(sandbox);
		const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!;
		const device = [...sandbox.state.devices.values()][0];
		const realm = [...sandbox.state.realms.values()][0];
		for (const path of [
			'/api/v1/users', `/api/v1/users/${user.id}`, `/api/v1/users/${user.id}/groups`, `/api/v1/users/${user.id}/blocks`,
			'/api/v1/groups?expand=stats', `/api/v1/groups/${group.id}`, `/api/v1/groups/${group.id}/users`,
			'/api/v1/devices?expand=user', `/api/v1/devices/${device.id}`, '/api/v1/realms', `/api/v1/realms/${realm.id}`,
			'/api/v1/meta/types/user', '/api/v1/meta/types/user/default', '/api/v1/eventHooks',
		]) {
			expect((await call(sandbox, 'GET', path)).status).toBe(200);
		}
		const created = await call(sandbox, 'POST', '/api/v1/users?activate=true', { profile: profile('resp@example.com'), credentials: { password: { value: 'Abcdef12!' } } });
		await call(sandbox, 'POST', `/api/v1/users/${created.body.id}`, { profile: { title: 'x' } });
		await call(sandbox, 'POST', `/api/v1/users/${created.body.id}/lifecycle/suspend`);
		await call(sandbox, 'POST', `/api/v1/users/${user.id}/lifecycle/expire_password`);
		await call(sandbox, 'POST', `/api/v1/users/${user.id}/lifecycle/reset_password?sendEmail=false`);
		await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Resp' } });
		await call(sandbox, 'GET', '/api/v1/users/00uMissing');
		await call(sandbox, 'GET', '/api/v1/users?limit=bad');
		expect(sandbox.requestLog.length).toBeGreaterThan(20);
		expect(responseDrift(sandbox)).toEqual([]);
	});

	it('would catch drift: a response that breaks the spec is recorded', async () => {
		const user = activeUser(sandbox);
		(user as { status: string }).status = 'HIBERNATING';
		await call(sandbox, 'GET', `/api/v1/users/${user.id}`);
		expect(responseDrift(sandbox)).toEqual([expect.stringContaining('status')]);
	});
});

describe('request log', () => {
	it('masks credentials in headers and bodies', async () => {
		await call(sandbox, 'GET', '/api/v1/users?limit=1');
		await call(sandbox, 'POST', '/api/v1/users', { profile: profile('secret@example.com'), credentials: { password: { value: 'TopSecret1!' } } });
		await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'sid=abc' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt-secret', client_id: 'c', client_secret: 'cs-secret' }) });
		const log = JSON.stringify(sandbox.requestLog);
		expect(sandbox.requestLog[0].headers.authorization).toBe('SSWS ****');
		expect(sandbox.requestLog[2].headers.cookie).toBe('****');
		for (const secret of [sandbox.apiToken, 'TopSecret1!', 'rt-secret', 'cs-secret', 'sid=abc']) expect(log).not.toContain(secret);
		expect(sandbox.requestLog[1]).toMatchObject({ method: 'POST', path: '/api/v1/users', status: 200, family: 'users', body: { credentials: { password: { value: '****' } } } });
	});
});

type TrimmedSpec = { 'x-trimmed-from': Record<string, unknown>; paths: Record<string, unknown> };

describe('the committed spec copies', () => {
	it('name their source and release, and cover the package\'s paths and no others', () => {
		const management = managementSpec as unknown as TrimmedSpec;
		const oauth = oauthSpec as unknown as TrimmedSpec;
		for (const [spec, file] of [[management, 'okta-management-2026.06.3.yaml'], [oauth, 'okta-oauth-2026.06.3.yaml']] as const) {
			expect(spec['x-trimmed-from']).toMatchObject({ file, release: '2026.06.3', upstream: expect.stringContaining('okta/okta-management-openapi-spec, commit fdda229e'), by: 'scripts/trim-okta-spec.ts' });
			expect(JSON.stringify(spec)).not.toMatch(/"(description|summary)":"[^"]/);
		}
		expect(Object.keys(oauth.paths)).toEqual(['/oauth2/v1/authorize', '/oauth2/v1/token', '/oauth2/v1/userinfo']);
		expect(Object.keys(management.paths).every((path) => /^\/api\/v1\/(users|groups|devices|realms|meta\/types\/user|eventHooks|apps|logs)(\/|$)/.test(path))).toBe(true);
		expect(Object.keys(management.paths)).toHaveLength(44);
	});
});

describe('query strictness', () => {
	it('refuses empty and unknown query parameters by default, and treats them as absent with strictQuery: false, as Okta does', async () => {
		const strict = await startSandbox({ seed: { users: 3 } });
		const lenient = await startSandbox({ seed: { users: 3 }, strictQuery: false });
		try {
			const path = '/api/v1/users?search=&prefix=&limit=2';
			expect((await call(strict, 'GET', path)).status).toBe(400);
			const reply = await call(lenient, 'GET', path);
			expect(reply.status).toBe(200);
			expect(reply.body).toHaveLength(2);
			expect((await call(lenient, 'GET', '/api/v1/users?limit=x')).status).toBe(400);
		} finally {
			await strict.close();
			await lenient.close();
		}
	});
});
