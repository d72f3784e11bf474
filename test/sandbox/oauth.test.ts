import { generateKeyPairSync } from 'node:crypto';

import { startSandbox, type Sandbox } from './index';
import { activeUser, assertion, call, responseDrift, serviceToken, tokenRequest, validClaims } from './testClient';

/** The org authorization server: authorize, token (three grants), userinfo, and the private_key_jwt checks. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
// Token, userinfo and error responses are checked against Okta's OAuth spec as they are sent.
afterEach(() => expect(responseDrift(sandbox)).toEqual([]));

const signed = (claims: Record<string, unknown>) => assertion(claims, sandbox.oauth.serviceApp.privateKeyPem, sandbox.oauth.serviceApp.keyId);
const reason = async (jwt: string) => (await serviceToken(sandbox, jwt)).body.error_description;

describe('client_credentials with private_key_jwt', () => {
	it('issues a Bearer token with the requested scopes and no refresh token', async () => {
		const reply = await serviceToken(sandbox, signed(validClaims(sandbox)), 'okta.users.read okta.groups.manage');
		expect(reply).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read okta.groups.manage' } });
		expect(reply.body.refresh_token).toBeUndefined();
	});

	it('verifies the signature against the registered public key', async () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		expect(await reason(assertion(validClaims(sandbox), privateKey, sandbox.oauth.serviceApp.keyId))).toMatch(/signature is invalid/);
		const jwt = signed(validClaims(sandbox));
		const [header, payload] = jwt.split('.');
		expect(await reason(`${header}.${payload}.`)).toMatch(/signature is invalid/);
		expect(await reason('not-a-jwt')).toMatch(/not a JWT/);
	});

	it('accepts ES256 keys registered with registerServiceApp', async () => {
		const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		const { clientId } = sandbox.oauth.registerServiceApp({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: 'ec-1', scopes: ['okta.devices.read'] });
		const reply = await serviceToken(sandbox, assertion(validClaims(sandbox, clientId), privateKey, 'ec-1', 'ES256'), 'okta.devices.read');
		expect(reply.status).toBe(200);
		expect((await call(sandbox, 'GET', '/api/v1/devices', undefined, `Bearer ${reply.body.access_token}`)).status).toBe(200);
		// a service app gets only the scopes granted to it
		expect((await serviceToken(sandbox, assertion(validClaims(sandbox, clientId), privateKey, 'ec-1', 'ES256'), 'okta.users.read')).body.error).toBe('invalid_scope');
	});

	it('checks iss = sub = client_id, aud, exp (not passed, at most 1 h) and one-time jti', async () => {
		const claims = validClaims(sandbox);
		expect(await reason(signed({ ...claims, sub: 'someone-else' }))).toMatch(/iss and sub/);
		expect(await reason(signed({ ...claims, iss: 'unknown', sub: 'unknown' }))).toMatch(/iss and sub/);
		expect(await reason(signed({ ...validClaims(sandbox), aud: 'https://evil.example.com/oauth2/v1/token' }))).toMatch(/audience/);
		expect(await reason(signed({ ...validClaims(sandbox), aud: `${sandbox.baseUrl}/oauth2/default/v1/token` }))).toMatch(/audience/);
		expect(await reason(signed({ ...validClaims(sandbox), exp: Math.floor(Date.now() / 1000) - 5 }))).toMatch(/expired/);
		expect(await reason(signed({ ...validClaims(sandbox), exp: Math.floor(Date.now() / 1000) + 7200 }))).toMatch(/too far into the future/);
		expect(await reason(signed({ ...validClaims(sandbox), jti: undefined }))).toMatch(/jti/);
		expect(await reason(assertion(validClaims(sandbox), sandbox.oauth.serviceApp.privateKeyPem, 'some-other-kid'))).toMatch(/kid/);
		const once = signed(validClaims(sandbox));
		expect((await serviceToken(sandbox, once)).status).toBe(200);
		const replay = await serviceToken(sandbox, once);
		expect(replay).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
		expect(replay.body.error_description).toMatch(/already been used/);
	});

	it('refuses client secrets, missing assertions, missing or unknown scopes', async () => {
		expect((await tokenRequest(sandbox, { grant_type: 'client_credentials', scope: 'okta.users.read', client_id: 'x', client_secret: 'y' })).body.error_description).toMatch(/private_key_jwt/);
		expect((await tokenRequest(sandbox, { grant_type: 'client_credentials', scope: 'okta.users.read' })).body.error).toBe('invalid_request');
		expect((await serviceToken(sandbox, signed(validClaims(sandbox)), '')).body.error).toBe('invalid_scope');
		expect((await serviceToken(sandbox, signed(validClaims(sandbox)), 'okta.brands.manage')).body).toMatchObject({ error: 'invalid_scope' });
		expect((await serviceToken(sandbox, signed(validClaims(sandbox)), 'openid')).body.error).toBe('invalid_scope');
		expect((await tokenRequest(sandbox, { grant_type: 'password', username: 'a', password: 'b' })).body.error).toBe('unsupported_grant_type');
	});
});

describe('authorization code flow', () => {
	const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
	const authorize = async (query: Record<string, string>) => {
		const response = await fetch(`${sandbox.baseUrl}/oauth2/v1/authorize?${new URLSearchParams(query)}`, { redirect: 'manual' });
		return { status: response.status, location: response.headers.get('location') ? new URL(String(response.headers.get('location'))) : undefined, body: (response.status === 302 ? undefined : await response.json()) as { error?: string } | undefined };
	};
	const codeFor = async (scope: string) => {
		const { location } = await authorize({ client_id: sandbox.oauth.webApp.clientId, response_type: 'code', scope, redirect_uri: redirect, state: 'xyz' });
		return String(location!.searchParams.get('code'));
	};

	it('auto-approves with a redirect carrying code and state', async () => {
		const { status, location } = await authorize({ client_id: sandbox.oauth.webApp.clientId, response_type: 'code', scope: 'openid okta.users.read', redirect_uri: redirect, state: 'abc' });
		expect(status).toBe(302);
		expect(`${location!.origin}${location!.pathname}`).toBe(redirect);
		expect(location!.searchParams.get('state')).toBe('abc');
		expect(location!.searchParams.get('code')).toMatch(/.{20,}/);
	});

	it('answers bad authorize requests with OAuth errors', async () => {
		expect((await authorize({ client_id: 'nope', response_type: 'code', scope: 'openid', redirect_uri: redirect, state: 's' })).body?.error).toBe('invalid_client');
		expect((await authorize({ client_id: sandbox.oauth.webApp.clientId, response_type: 'token', scope: 'openid', redirect_uri: redirect, state: 's' })).body?.error).toBe('unsupported_response_type');
		// checked against Okta's OAuth spec: state and scope are required
		const noState = await authorize({ client_id: sandbox.oauth.webApp.clientId, response_type: 'code', scope: 'openid', redirect_uri: redirect });
		expect(noState).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: expect.stringContaining('state') } });
		const badScope = await authorize({ client_id: sandbox.oauth.webApp.clientId, response_type: 'code', scope: 'okta.brands.manage', redirect_uri: redirect, state: 's' });
		expect(badScope.location!.searchParams.get('error')).toBe('invalid_scope');
		expect(badScope.location!.searchParams.get('state')).toBe('s');
	});

	it('exchanges a code once with client_secret_post, and refreshes', async () => {
		const { clientId, clientSecret } = sandbox.oauth.webApp;
		const code = await codeFor('openid profile email offline_access okta.users.read');
		const first = await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: clientId, client_secret: clientSecret });
		expect(first).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'openid profile email offline_access okta.users.read' } });
		expect(first.body.refresh_token).toBeDefined();
		expect((await tokenRequest(sandbox, { grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: clientId, client_secret: clientSecret })).body.error).toBe('invalid_grant');
		const refreshed = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token, client_id: clientId, client_secret: clientSecret });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.access_token).not.toBe(first.body.access_token);
		expect((await call(sandbox, 'GET', '/api/v1/users?limit=1', undefined, `Bearer ${refreshed.body.access_token}`)).status).toBe(200);
		expect((await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: 'bogus', client_id: clientId, client_secret: clientSecret })).body.error).toBe('invalid_grant');
	});

	it('accepts client_secret_basic and refuses wrong secrets or redirect URIs', async () => {
		const { clientId, clientSecret } = sandbox.oauth.webApp;
		const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
		const ok = await tokenRequest(sandbox, { grant_type: 'authorization_code', code: await codeFor('okta.users.read'), redirect_uri: redirect }, { authorization: basic });
		expect(ok.status).toBe(200);
		const wrongSecret = await tokenRequest(sandbox, { grant_type: 'authorization_code', code: await codeFor('okta.users.read'), redirect_uri: redirect, client_id: clientId, client_secret: 'wrong' });
		expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
		const wrongRedirect = await tokenRequest(sandbox, { grant_type: 'authorization_code', code: await codeFor('okta.users.read'), redirect_uri: 'http://localhost:1/other', client_id: clientId, client_secret: clientSecret });
		expect(wrongRedirect.body.error).toBe('invalid_grant');
	});

	it('serves userinfo for openid tokens, by scope', async () => {
		const { clientId, clientSecret } = sandbox.oauth.webApp;
		const token = (await tokenRequest(sandbox, { grant_type: 'authorization_code', code: await codeFor('openid profile email'), redirect_uri: redirect, client_id: clientId, client_secret: clientSecret })).body.access_token;
		const info = await call(sandbox, 'GET', '/oauth2/v1/userinfo', undefined, `Bearer ${token}`);
		const user = activeUser(sandbox);
		expect(info.body).toMatchObject({ sub: user.id, email: user.profile.email, preferred_username: user.profile.login, given_name: user.profile.firstName });
		const noOpenid = (await tokenRequest(sandbox, { grant_type: 'authorization_code', code: await codeFor('okta.users.read'), redirect_uri: redirect, client_id: clientId, client_secret: clientSecret })).body.access_token;
		const forbidden = await call(sandbox, 'GET', '/oauth2/v1/userinfo', undefined, `Bearer ${noOpenid}`);
		expect(forbidden.status).toBe(403);
		expect(forbidden.headers.get('www-authenticate')).toContain('insufficient_scope');
		const invalid = await call(sandbox, 'GET', '/oauth2/v1/userinfo', undefined, 'Bearer nope');
		expect(invalid.status).toBe(401);
		expect(invalid.headers.get('www-authenticate')).toContain('invalid_token');
	});
});
