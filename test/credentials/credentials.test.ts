import { generateKeyPairSync } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { OktaDirectoryApiTokenApi } from '../../credentials/OktaDirectoryApiTokenApi.credentials';
import { OktaDirectoryOAuth2Api } from '../../credentials/OktaDirectoryOAuth2Api.credentials';
import { OktaDirectoryServiceAppApi } from '../../credentials/OktaDirectoryServiceAppApi.credentials';
import { OKTA_OAUTH2_DEFAULT_SCOPES } from '../../credentials/scopes';
import { OktaDirectory } from '../../nodes/Okta/OktaDirectory.node';
import { OktaEventHookTrigger } from '../../nodes/Okta/OktaEventHookTrigger.node';
import { executeNode, TestCredentialsHelper } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';

/** The three credential types: names, computed fields (as n8n resolves them), tests and token fetching. */

function resolved(type: string, data: ICredentialDataDecryptedObject): Promise<ICredentialDataDecryptedObject> {
	const node = { id: '1', name: 'Okta', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: { getByName: () => ({ description: { properties: [] } }), getByNameAndVersion: () => ({ description: { properties: [] } }), getKnownTypes: () => ({}) } as never });
	const helper = new TestCredentialsHelper({ type, data }, () => workflow);
	return helper.getDecrypted({} as never, { id: '1', name: 'c' }, type);
}

describe('credential types', () => {
	it('have names that cannot clash with n8n\'s built-in oktaApi, and the nodes offer all three', () => {
		const names = [new OktaDirectoryApiTokenApi(), new OktaDirectoryOAuth2Api(), new OktaDirectoryServiceAppApi()].map((type) => type.name);
		expect(names).toEqual(['oktaDirectoryApiTokenApi', 'oktaDirectoryOAuth2Api', 'oktaDirectoryServiceAppApi']);
		expect(names).not.toContain('oktaApi');
		for (const node of [new OktaDirectory(), new OktaEventHookTrigger()]) {
			expect(node.description.credentials?.map((credential) => credential.name)).toEqual(names);
			expect(node.description.displayName).not.toBe('Okta');
		}
	});

	it('OAuth2 targets the org authorization server and requests every scope the nodes need', async () => {
		const data = await resolved('oktaDirectoryOAuth2Api', { domain: 'https://Dev-123.okta.com/', clientId: 'c', clientSecret: 's' });
		expect(data).toMatchObject({
			grantType: 'authorizationCode',
			authUrl: 'https://dev-123.okta.com/oauth2/v1/authorize',
			accessTokenUrl: 'https://dev-123.okta.com/oauth2/v1/token',
			authentication: 'header',
			scope: OKTA_OAUTH2_DEFAULT_SCOPES,
		});
		for (const scope of ['okta.users.manage', 'okta.groups.manage', 'okta.devices.manage', 'okta.realms.manage', 'okta.userTypes.manage', 'okta.eventHooks.manage', 'openid', 'offline_access']) {
			expect(String(data.scope).split(' ')).toContain(scope);
		}
	});

	it('OAuth2 uses custom scopes only when the toggle is on', async () => {
		const custom = await resolved('oktaDirectoryOAuth2Api', { domain: 'acme.oktapreview.com', useCustomScopes: true, customScopes: 'okta.users.read offline_access' });
		expect(custom.scope).toBe('okta.users.read offline_access');
		const ignored = await resolved('oktaDirectoryOAuth2Api', { domain: 'acme.oktapreview.com', useCustomScopes: false, customScopes: 'okta.users.read' });
		expect(ignored.scope).toBe(OKTA_OAUTH2_DEFAULT_SCOPES);
	});

	it('OAuth2 never points at a look-alike host', async () => {
		const data = await resolved('oktaDirectoryOAuth2Api', { domain: 'evil.com@dev-123.okta.com' });
		expect(data.authUrl).toBe('https://invalid-okta-domain.invalid/oauth2/v1/authorize');
	});

	it('API token and service app have credential tests against the org', () => {
		expect(new OktaDirectoryApiTokenApi().test.request).toMatchObject({ url: '/api/v1/users/me' });
		expect(new OktaDirectoryServiceAppApi().test.request).toMatchObject({ url: '/api/v1/users', qs: { limit: 1 } });
	});
});

describe('against the sandbox', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ seed: 'demo', accessTokenTtlSeconds: 3600 });
	});
	afterAll(async () => await sandbox.close());

	const getGroup = { resource: 'group', operation: 'getMany', returnAll: false, limit: 1 };

	it('service app: signs a private_key_jwt assertion, gets a token once, and the sandbox accepts it', async () => {
		const { clientId, privateKeyPem, keyId } = sandbox.oauth.serviceApp;
		const result = await executeNode({
			node: new OktaDirectory(),
			parameters: { authentication: 'serviceApp', ...getGroup },
			items: [{ json: {} }, { json: {} }, { json: {} }],
			credentials: { type: 'oktaDirectoryServiceAppApi', data: { domain: sandbox.baseUrl, clientId, privateKey: privateKeyPem, kid: keyId, scopes: 'okta.groups.read', accessToken: '' } },
		});
		expect(result.output[0]).toHaveLength(3);
		expect(result.preAuthenticationCalls).toBe(1);
		const tokenRequest = sandbox.requestLog.filter((entry) => entry.path === '/oauth2/v1/token');
		// DPoP is on by default: the first proof has no nonce, the sandbox asks for one, the second gets the token.
		expect(tokenRequest.map((entry) => entry.status)).toEqual([400, 200]);
		expect(JSON.stringify(result.output)).not.toContain(String(result.credentialUpdates[0].accessToken));
	});

	it('service app: a key Okta does not know is refused with Okta\'s reason, and the key never appears in the error', async () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const error = (await executeNode({
			node: new OktaDirectory(),
			parameters: { authentication: 'serviceApp', ...getGroup },
			credentials: { type: 'oktaDirectoryServiceAppApi', data: { domain: sandbox.baseUrl, clientId: sandbox.oauth.serviceApp.clientId, privateKey: pem, scopes: 'okta.groups.read', accessToken: '' } },
		}).catch((caught: unknown) => caught)) as Error;
		expect(error.message).toMatch(/Okta refused the service app's token request: The client_assertion signature is invalid\. \[HTTP 401, invalid_client\]/);
		expect(JSON.stringify({ ...error, text: error.message })).not.toContain('PRIVATE KEY');
	});

	it('service app: a missing scope is Okta\'s 403, named clearly', async () => {
		const { clientId, privateKeyPem } = sandbox.oauth.serviceApp;
		const error = (await executeNode({
			node: new OktaDirectory(),
			parameters: { authentication: 'serviceApp', resource: 'user', operation: 'getMany', returnAll: false, limit: 1 },
			credentials: { type: 'oktaDirectoryServiceAppApi', data: { domain: sandbox.baseUrl, clientId, privateKey: privateKeyPem, scopes: 'okta.groups.read', accessToken: '' } },
		}).catch((caught: unknown) => caught)) as Error;
		expect(error.message).toMatch(/You do not have permission.*required scopes.*\[HTTP 403, E0000006\]/);
	});

	it('OAuth2: refreshes an expired access token through the sandbox\'s token endpoint', async () => {
		const { clientId, clientSecret } = sandbox.oauth.webApp;
		const redirect = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
		const authorize = await fetch(`${sandbox.baseUrl}/oauth2/v1/authorize?client_id=${clientId}&response_type=code&scope=${encodeURIComponent(OKTA_OAUTH2_DEFAULT_SCOPES)}&redirect_uri=${encodeURIComponent(redirect)}&state=xyz`, { redirect: 'manual' });
		const location = new URL(String(authorize.headers.get('location')));
		expect(location.searchParams.get('state')).toBe('xyz');
		const token = await (await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
			body: new URLSearchParams({ grant_type: 'authorization_code', code: String(location.searchParams.get('code')), redirect_uri: redirect }),
		})).json() as Record<string, unknown>;
		sandbox.oauth.expireAccessTokens();
		sandbox.requestLog.length = 0;
		const result = await executeNode({
			node: new OktaDirectory(),
			parameters: { authentication: 'oAuth2', ...getGroup },
			credentials: { type: 'oktaDirectoryOAuth2Api', data: { domain: sandbox.baseUrl, clientId, clientSecret, oauthTokenData: token as IDataObject } },
		});
		expect(result.output[0]).toHaveLength(1);
		expect((result.credentialUpdates.at(-1)?.oauthTokenData as Record<string, unknown>).access_token).not.toBe(token.access_token);
		// The first 401 comes back as a response (ignoreHttpStatusErrors, for n8n 1.x); the transport asks again
		// in throwing mode, whose 401 makes n8n refresh the token and repeat (nodes/Okta/transport/request.ts).
		expect(sandbox.requestLog.filter((entry) => entry.path === '/api/v1/groups').map((entry) => entry.status)).toEqual([401, 401, 200]);
	});
});
