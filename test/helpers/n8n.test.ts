import express from 'express';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';

import { OktaDirectory } from '../../nodes/OktaDirectory/OktaDirectory.node';
import { executeNode } from './n8n';

/** The harness itself: real n8n-core contexts against a tiny scripted Okta. */

let server: Server;
let baseUrl: string;
const seen: Array<{ method: string; url: string; authorization?: string }> = [];
let tokenRequests = 0;
let validBearer = 'fresh-token';
/** Tokens the service-app endpoint issued; like Okta, an older token stays valid until it expires. */
const issuedServiceTokens = new Set<string>();

beforeAll(async () => {
	const app = express();
	app.use(express.urlencoded({ extended: false }));
	app.use((req, _res, next) => {
		seen.push({ method: req.method, url: req.originalUrl, authorization: req.headers.authorization });
		next();
	});
	app.post('/oauth2/v1/token', (req, res) => {
		tokenRequests++;
		if (req.body.grant_type === 'refresh_token') {
			validBearer = `refreshed-${tokenRequests}`;
			res.json({ access_token: validBearer, token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-2' });
			return;
		}
		if (req.body.grant_type === 'client_credentials' && req.body.client_assertion) {
			validBearer = `service-${tokenRequests}`;
			issuedServiceTokens.add(validBearer);
			res.json({ access_token: validBearer, token_type: 'Bearer', expires_in: 3600 });
			return;
		}
		res.status(400).json({ error: 'invalid_grant' });
	});
	app.get('/api/v1/groups/:id', (req, res) => {
		const auth = req.headers.authorization ?? '';
		if (auth.startsWith('Bearer') && auth !== `Bearer ${validBearer}` && !issuedServiceTokens.has(auth.slice(7))) {
			res.status(401).json({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
			return;
		}
		if (req.params.id === 'missing') {
			res.status(404).json({ errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${req.params.id} (UserGroup)`, errorCauses: [] });
			return;
		}
		res.json({ id: req.params.id, type: 'OKTA_GROUP', profile: { name: `Group ${req.params.id}` } });
	});
	await new Promise<void>((resolve) => {
		server = app.listen(0, '127.0.0.1', () => resolve());
	});
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	seen.length = 0;
});

const getGroup = (value: string) => ({ resource: 'group', operation: 'get', groupId: { __rl: true, mode: 'id', value } });

describe('executeNode', () => {
	it('applies the API token credential as SSWS, resolves expressions per item and pairs items', async () => {
		const { output } = await executeNode({
			node: new OktaDirectory(),
			parameters: { ...getGroup('={{ $json.gid }}'), simplify: false },
			items: [{ json: { gid: '00g1' } }, { json: { gid: '00g2' } }],
			credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: baseUrl, apiToken: 'tok-123' } },
		});
		expect(output[0].map((item) => item.json.id)).toEqual(['00g1', '00g2']);
		expect(output[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(seen.map((entry) => entry.authorization)).toEqual(['SSWS tok-123', 'SSWS tok-123']);
	});

	it('turns a failed item into an error item with Continue On Fail', async () => {
		const { output } = await executeNode({
			node: new OktaDirectory(),
			parameters: getGroup('={{ $json.gid }}'),
			items: [{ json: { gid: 'missing' } }, { json: { gid: '00g2' } }],
			credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: baseUrl, apiToken: 'tok' } },
			continueOnFail: true,
		});
		expect(output[0][0].json.error).toMatch(/Resource not found: missing.*\[HTTP 404, E0000007\]/);
		expect(output[0][1].json.id).toBe('00g2');
	});

	it('throws without Continue On Fail', async () => {
		await expect(
			executeNode({
				node: new OktaDirectory(),
				parameters: getGroup('missing'),
				credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: baseUrl, apiToken: 'tok' } },
			}),
		).rejects.toThrow(/Resource not found/);
	});

	it('refreshes an expired OAuth2 access token through n8n-core and retries', async () => {
		validBearer = 'current';
		const { output, credentialUpdates } = await executeNode({
			node: new OktaDirectory(),
			parameters: { authentication: 'oAuth2', ...getGroup('00g9') },
			credentials: {
				type: 'oktaDirectoryOAuth2Api',
				data: { domain: baseUrl, clientId: 'cid', clientSecret: 'csecret', oauthTokenData: { access_token: 'stale', refresh_token: 'rt-1', token_type: 'Bearer' } },
			},
		});
		expect(output[0][0].json.id).toBe('00g9');
		expect(seen.map((entry) => `${entry.method} ${entry.url.split('?')[0]}`)).toEqual(['GET /api/v1/groups/00g9', 'POST /oauth2/v1/token', 'GET /api/v1/groups/00g9']);
		expect(credentialUpdates.at(-1)?.oauthTokenData).toMatchObject({ access_token: validBearer });
	});

	it('runs the service app\'s preAuthentication once, and again after a 401', async () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const data = { domain: baseUrl, clientId: 'svc', privateKey: pem, scopes: 'okta.groups.read', accessToken: '' };
		const first = await executeNode({
			node: new OktaDirectory(),
			parameters: { authentication: 'serviceApp', ...getGroup('={{ $json.gid }}') },
			items: [{ json: { gid: 'a1' } }, { json: { gid: 'a2' } }],
			credentials: { type: 'oktaDirectoryServiceAppApi', data },
		});
		expect(first.output[0]).toHaveLength(2);
		expect(first.preAuthenticationCalls).toBe(1);
		const stored = first.credentialUpdates.at(-1)!;
		issuedServiceTokens.clear();
		validBearer = 'rotated';
		const second = await executeNode({
			node: new OktaDirectory(),
			parameters: { authentication: 'serviceApp', ...getGroup('a3') },
			credentials: { type: 'oktaDirectoryServiceAppApi', data: { ...data, accessToken: stored.accessToken } },
		});
		expect(second.output[0][0].json.id).toBe('a3');
		// The stored token was revoked: n8n got a 401, ran preAuthentication again and retried.
		expect(second.preAuthenticationCalls).toBe(1);
		expect(second.credentialUpdates.at(-1)?.accessToken).not.toBe(stored.accessToken);
	});
});
