import express from 'express';
import { existsSync } from 'node:fs';
import { generateKeyPairSync, verify } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ICredentialType, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { executeNode, testCredential, type TestCredential } from './n8n';

/**
 * The harness with the package's real credential types (credentials/*.credentials.ts), when they exist,
 * against a local stand-in for an Okta org: what n8n does with them, not what the nodes do with them.
 */

const folder = join(__dirname, '../../credentials');
const files = ['OktaDirectoryApiTokenApi', 'OktaDirectoryOAuth2Api', 'OktaDirectoryServiceAppApi'];
const present = files.every((name) => existsSync(join(folder, `${name}.credentials.ts`)));

function credentialType(name: string): ICredentialType {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(join(folder, `${name}.credentials.ts`)) as Record<string, new () => ICredentialType>;
	return new exported[name]();
}

(present ? describe : describe.skip)('the package\'s credential types in the harness', () => {
	let server: Server;
	let base = '';
	const seen: Array<{ method: string; path: string; authorization?: string; body: IDataObject }> = [];
	let bearer = 'valid-access';
	let refresh = 'refresh-1';
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

	beforeAll(async () => {
		const app = express();
		app.use(express.urlencoded({ extended: false }));
		app.use((req, _res, next) => {
			seen.push({ method: req.method, path: req.path, authorization: req.headers.authorization, body: (req.body ?? {}) as IDataObject });
			next();
		});
		app.get('/api/v1/users/me', (req, res) => (req.headers.authorization === 'SSWS tok-1' ? res.json({ id: 'me' }) : res.status(401).json({ errorCode: 'E0000011' })));
		app.get('/api/v1/users', (req, res) => (req.headers.authorization === `Bearer ${bearer}` ? res.json([]) : res.status(401).json({ errorCode: 'E0000011' })));
		app.get('/api/v1/groups/:id', (req, res) => {
			const auth = String(req.headers.authorization ?? '');
			if (auth !== 'SSWS tok-1' && auth !== `Bearer ${bearer}`) return void res.status(401).json({ errorCode: 'E0000011' });
			res.json({ id: req.params.id });
		});
		app.post('/oauth2/v1/token', (req, res) => {
			const body = req.body as IDataObject;
			if (body.grant_type === 'refresh_token' && body.refresh_token === refresh) {
				bearer = `access-${seen.length}`;
				refresh = `refresh-${seen.length}`;
				return void res.json({ access_token: bearer, refresh_token: refresh, token_type: 'Bearer', expires_in: 3600 });
			}
			if (body.grant_type === 'client_credentials' && typeof body.client_assertion === 'string') {
				const [header, payload, signature] = body.client_assertion.split('.');
				const valid = verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
				if (!valid) return void res.status(401).json({ error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' });
				bearer = `service-${seen.length}`;
				return void res.json({ access_token: bearer, token_type: 'Bearer', expires_in: 3600 });
			}
			res.status(400).json({ error: 'invalid_grant' });
		});
		await new Promise<void>((resolve) => {
			server = app.listen(0, '127.0.0.1', () => resolve());
		});
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	beforeEach(() => {
		seen.length = 0;
	});

	/** A throwaway node with the three slots, reading one group per item with the chosen credential. */
	const byAuth: Record<string, string> = { apiToken: 'oktaDirectoryApiTokenApi', oAuth2: 'oktaDirectoryOAuth2Api', serviceApp: 'oktaDirectoryServiceAppApi' };
	const description: INodeTypeDescription = {
		displayName: 'Okta Credentials Probe',
		name: 'oktaCredentialsProbe',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: Object.entries(byAuth).map(([authentication, name]) => ({ name, required: true, displayOptions: { show: { authentication: [authentication] } } })),
		properties: [
			{ displayName: 'Authentication', name: 'authentication', type: 'options', options: Object.keys(byAuth).map((value) => ({ name: value, value })), default: 'apiToken' },
			{ displayName: 'Group', name: 'group', type: 'string', default: '' },
		],
	};
	const probe: INodeType = {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const type = byAuth[this.getNodeParameter('authentication', 0) as string];
			const out: INodeExecutionData[] = [];
			for (let i = 0; i < this.getInputData().length; i++) {
				const credentials = await this.getCredentials(type, i);
				const json = (await this.helpers.httpRequestWithAuthentication.call(this, type, { url: `${String(credentials.domain)}/api/v1/groups/${String(this.getNodeParameter('group', i))}`, json: true })) as IDataObject;
				out.push({ json, pairedItem: { item: i } });
			}
			return [out];
		},
	};
	const twoGroups = [{ json: { g: 'g1' } }, { json: { g: 'g2' } }];

	it('API token: SSWS header on every request, and the credential test against /api/v1/users/me', async () => {
		const credentials: TestCredential = { type: 'oktaDirectoryApiTokenApi', data: { domain: base, apiToken: 'tok-1' } };
		const { output } = await executeNode({ node: probe, parameters: { group: '={{ $json.g }}' }, items: twoGroups, credentials });
		expect(output[0].map((item) => item.json.id)).toEqual(['g1', 'g2']);
		expect(seen.map((entry) => entry.authorization)).toEqual(['SSWS tok-1', 'SSWS tok-1']);
		const type = credentialType('OktaDirectoryApiTokenApi');
		expect(await testCredential({ credentialType: type, data: { domain: base, apiToken: 'tok-1' } })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(await testCredential({ credentialType: type, data: { domain: base, apiToken: 'nope' } })).toMatchObject({ status: 'Error' });
	});

	it('OAuth2: token URL computed from the domain, refreshed on 401 and retried', async () => {
		bearer = 'valid-access';
		refresh = 'refresh-1';
		const credentials: TestCredential = {
			type: 'oktaDirectoryOAuth2Api',
			data: { domain: base, clientId: 'cid', clientSecret: 'secret', oauthTokenData: { access_token: 'stale', refresh_token: 'refresh-1', token_type: 'Bearer' } },
		};
		const { output, credentialUpdates } = await executeNode({ node: probe, parameters: { authentication: 'oAuth2', group: 'g3' }, credentials });
		expect(output[0][0].json.id).toBe('g3');
		expect(seen.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /api/v1/groups/g3', 'POST /oauth2/v1/token', 'GET /api/v1/groups/g3']);
		expect(seen[1].authorization).toBe(`Basic ${Buffer.from('cid:secret').toString('base64')}`);
		expect(credentialUpdates.at(-1)?.oauthTokenData).toMatchObject({ access_token: bearer, refresh_token: refresh });
	});

	it('service app: preAuthentication signs a client assertion once per run, and the credential test uses the token', async () => {
		// This stand-in issues Bearer tokens; DPoP is covered against the sandbox in test/credentials/.
		const data = { domain: base, clientId: 'svc', privateKey: pem, scopes: 'okta.groups.read', dpop: false, accessToken: '' };
		const { output, preAuthenticationCalls, credentialUpdates } = await executeNode({
			node: probe,
			parameters: { authentication: 'serviceApp', group: '={{ $json.g }}' },
			items: twoGroups,
			credentials: { type: 'oktaDirectoryServiceAppApi', data },
		});
		expect(output[0].map((item) => item.json.id)).toEqual(['g1', 'g2']);
		expect(preAuthenticationCalls).toBe(1);
		expect(seen.filter((entry) => entry.path === '/oauth2/v1/token')).toHaveLength(1);
		expect(credentialUpdates.at(-1)?.accessToken).toBe(bearer);
		expect(await testCredential({ credentialType: credentialType('OktaDirectoryServiceAppApi'), data })).toEqual({ status: 'OK', message: 'Connection successful!' });
	});
});
