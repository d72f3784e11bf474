import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';

import { findLeaks, sandboxSecrets } from './lib/leaks';
import { installPackage, uniqueRunId, type N8nFolder } from './lib/n8n';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';
import { chainWorkflow } from './lib/workflow';

/**
 * The service-app credential with DPoP inside real n8n 2.41.1, against a sandbox app that requires DPoP:
 * User Get Many (Return All, three pages), a create and a Get by login through the Okta Directory node, an HTTP Request node
 * with the same credential on an endpoint the node does not cover, and no token, DPoP key or proof left in
 * n8n's database, exports or logs.
 */

let n8n: N8nFolder;
let sandbox: SandboxProcess;
const service = { type: 'oktaDirectoryServiceAppApi', id: 'oktaDpopCred0001', name: 'Okta sandbox (service app, DPoP)' };

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('dpop'));
	sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'users:450']);
	await sandbox.control('POST', '/require-dpop', { clientId: sandbox.info.serviceApp.clientId, on: true });
	await n8n.importCredentials([
		{
			...service,
			data: {
				domain: sandbox.baseUrl,
				clientId: sandbox.info.serviceApp.clientId,
				privateKey: sandbox.info.serviceApp.privateKeyPem,
				kid: sandbox.info.serviceApp.keyId,
				scopes: 'okta.users.manage okta.eventHooks.read',
				accessToken: '',
			},
		},
	]);
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

const decode = (proof: string) => JSON.parse(Buffer.from(proof.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('DPoP service app in n8n 2.41.1', () => {
	it('Get Many over several pages, a create, a Get by login and an HTTP Request node call, each with a fresh proof; nothing leaks', async () => {
		const login = `dpop-${randomUUID().slice(0, 8)}@example.com`;
		const { id, workflow } = chainWorkflow('dpop', [
			{ name: 'All users', credential: service, executeOnce: true, parameters: { authentication: 'serviceApp', resource: 'user', operation: 'getMany', returnAll: true } },
			{ name: 'Create', credential: service, executeOnce: true, parameters: { authentication: 'serviceApp', resource: 'user', operation: 'create', login, email: login, firstName: 'D', lastName: 'PoP' } },
			// A login in the path: sent as %40, signed with the decoded path Okta compares htu with.
			{ name: 'By login', credential: service, executeOnce: true, parameters: { authentication: 'serviceApp', resource: 'user', operation: 'get', userId: { __rl: true, mode: 'login', value: login } } },
			{
				name: 'Event hooks',
				type: 'n8n-nodes-base.httpRequest',
				credential: service,
				executeOnce: true,
				parameters: { method: 'GET', url: `${sandbox.baseUrl}/api/v1/eventHooks`, authentication: 'predefinedCredentialType', nodeCredentialType: service.type, options: {} },
			},
		]);
		(workflow.nodes.find((node) => node.name === 'Event hooks')!).typeVersion = 4.2;
		await n8n.importWorkflow(workflow);
		const result = await n8n.executeWorkflow(id);
		if (!result.ok || result.error) {
			const seen = (await sandbox.requests<Array<{ status: number; method: string; path: string }>>()).map((entry) => `${entry.status} ${entry.method} ${entry.path}`);
			throw new Error(`workflow failed: ${result.error} (log: ${result.log}; sandbox saw ${seen.join(', ')})`);
		}

		const state = await sandbox.state<{ users: Array<{ status: string; profile: { login: string } }> }>();
		expect(result.items['All users']).toHaveLength(state.users.filter((user) => user.status !== 'DEPROVISIONED' && user.profile.login !== login).length);
		expect(result.items.Create[0]).toMatchObject({ profile: { login } });
		expect(state.users.some((user) => user.profile.login === login)).toBe(true);
		expect(result.items['By login'][0]).toMatchObject({ login });

		const requests = await sandbox.requests<Array<{ method: string; path: string; status: number; query: Record<string, string>; headers: Record<string, string> }>>();
		const calls = requests.filter((entry) => entry.path.startsWith('/api/v1/') || entry.path === '/oauth2/v1/token');
		expect(calls.map((entry) => `${entry.status} ${entry.method} ${entry.path}`)).toEqual([
			'400 POST /oauth2/v1/token',
			'200 POST /oauth2/v1/token',
			'200 GET /api/v1/users',
			'200 GET /api/v1/users',
			'200 GET /api/v1/users',
			'200 POST /api/v1/users',
			`200 GET /api/v1/users/${encodeURIComponent(login)}`,
			'200 GET /api/v1/eventHooks',
		]);
		const apiProofs = calls.slice(2).map((entry) => decode(entry.headers.dpop));
		expect(new Set(apiProofs.map((proof) => proof.jti)).size).toBe(6);
		expect(apiProofs.map((proof) => `${String(proof.htm)} ${String(proof.htu)}`)).toEqual([
			...Array(3).fill(`GET ${sandbox.baseUrl}/api/v1/users`),
			`POST ${sandbox.baseUrl}/api/v1/users`,
			`GET ${sandbox.baseUrl}/api/v1/users/${login}`,
			`GET ${sandbox.baseUrl}/api/v1/eventHooks`,
		]);

		// The DPoP private key n8n generated, read back through n8n's own decrypting export.
		const exported = await n8n.cli(['export:credentials', `--id=${service.id}`, '--decrypted']);
		// This test's own decrypted export is the one place the key may be; its log is removed before the leak check.
		rmSync(exported.log, { force: true });
		const stored = JSON.parse(exported.stdout.slice(exported.stdout.indexOf('['))) as Array<{ data: Record<string, string> }>;
		const dpopKey = JSON.parse(stored[0].data.dpopPrivateKey) as { jwk: Record<string, string> };
		expect(dpopKey.jwk.d.length).toBeGreaterThan(20);
		const secrets = [
			...(await sandboxSecrets(sandbox)),
			{ name: 'DPoP private key', value: dpopKey.jwk.d },
			...requests.filter((entry) => entry.headers.dpop).map((entry) => ({ name: 'DPoP proof', value: entry.headers.dpop.split('.')[2] })),
		];
		expect(secrets.filter((secret) => secret.name === 'access token')).toHaveLength(1);
		await expect(findLeaks(n8n, secrets)).resolves.toEqual([]);
	});
});
