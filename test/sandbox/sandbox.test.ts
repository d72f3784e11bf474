import { spawn } from 'node:child_process';
import { createPublicKey, sign, verify } from 'node:crypto';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from './index';
import { assertion, call, profile, serviceToken, validClaims } from './testClient';

/** startSandbox as a whole: seeds, reset, /__sandbox introspection, the CLI. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('seeds and reset', () => {
	it('seeds empty, demo and counted orgs; every org has Everyone and the default user type', async () => {
		const empty = await startSandbox();
		try {
			expect(empty.state.users.size).toBe(0);
			expect([...empty.state.groups.values()].map((group) => group.profile.name)).toEqual(['Everyone']);
			expect([...empty.state.userTypes.values()].map((type) => [type.name, type.default])).toEqual([['user', true]]);
			empty.reset({ users: 12, groups: 2, devices: 3 });
			expect([empty.state.users.size, empty.state.groups.size, empty.state.devices.size]).toEqual([12, 3, 3]);
		} finally {
			await empty.close();
		}
		const { users, groups, devices, realms, userTypes } = sandbox.state;
		expect(users.size).toBeGreaterThanOrEqual(20);
		expect(new Set([...users.values()].map((user) => user.status))).toEqual(new Set(['ACTIVE', 'STAGED', 'PROVISIONED', 'SUSPENDED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'DEPROVISIONED']));
		expect([...groups.values()].filter((group) => group.type === 'OKTA_GROUP' && sandbox.state.memberships.get(group.id)!.size > 0).length).toBeGreaterThan(0);
		expect([...devices.values()].every((device) => device.status === 'ACTIVE')).toBe(true);
		expect(realms.size).toBeGreaterThan(0);
		expect([...userTypes.values()].some((type) => !type.default)).toBe(true);
	});

	it('spreads counted users over the counted groups', () => {
		sandbox.reset({ users: 10, groups: 3 });
		const sizes = [...sandbox.state.groups.values()].filter((group) => group.type === 'OKTA_GROUP').map((group) => sandbox.state.memberships.get(group.id)!.size);
		expect(sizes).toEqual([4, 3, 3]);
		expect(sandbox.state.memberships.get([...sandbox.state.groups.values()].find((group) => group.type === 'BUILT_IN')!.id)!.size).toBe(10);
	});

	it('reset puts the org back and empties the request log', async () => {
		const users = sandbox.state.users.size;
		await call(sandbox, 'POST', '/api/v1/users', { profile: profile('new@example.com') });
		expect(sandbox.state.users.size).toBe(users + 1);
		sandbox.reset();
		expect(sandbox.state.users.size).toBe(users);
		expect(sandbox.requestLog).toEqual([]);
	});
});

describe('the handle', () => {
	it('gives the service app\'s public key as a JWK that verifies what its private key signs', () => {
		const { publicJwk, privateKeyPem, keyId } = sandbox.oauth.serviceApp;
		expect(publicJwk).toMatchObject({ kty: 'RSA', kid: keyId, alg: 'RS256', use: 'sig', e: 'AQAB' });
		const signature = sign('sha256', Buffer.from('payload'), privateKeyPem);
		expect(verify('sha256', Buffer.from('payload'), createPublicKey({ key: publicJwk, format: 'jwk' }), signature)).toBe(true);
	});
});

describe('introspection over HTTP', () => {
	it('serves state without secrets, the request log, and resets', async () => {
		const state = (await (await fetch(`${sandbox.baseUrl}/__sandbox/state`)).json()) as { users: Array<Record<string, unknown>>; groups: unknown[] };
		expect(state.users.length).toBe(sandbox.state.users.size);
		expect(JSON.stringify(state)).not.toContain('Passw0rd!');
		await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Temp' } });
		const log = (await (await fetch(`${sandbox.baseUrl}/__sandbox/requests`)).json()) as Array<{ path: string; headers: Record<string, string> }>;
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({ path: '/api/v1/groups', headers: { authorization: 'SSWS ****' } });
		await fetch(`${sandbox.baseUrl}/__sandbox/reset`, { method: 'POST' });
		expect([...sandbox.state.groups.values()].some((group) => group.profile.name === 'Temp')).toBe(false);
	});

	it('sets rate limits and expires tokens over HTTP', async () => {
		await fetch(`${sandbox.baseUrl}/__sandbox/rate-limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limits: { other: 1 } }) });
		expect((await call(sandbox, 'GET', '/api/v1/realms')).status).toBe(200);
		expect((await call(sandbox, 'GET', '/api/v1/realms')).status).toBe(429);
		sandbox.setRateLimits({});

		const token = await serviceToken(sandbox, assertion(validClaims(sandbox), sandbox.oauth.serviceApp.privateKeyPem, sandbox.oauth.serviceApp.keyId), 'okta.users.read');
		const bearer = `Bearer ${token.body.access_token}`;
		expect((await call(sandbox, 'GET', '/api/v1/users?limit=1', undefined, bearer)).status).toBe(200);
		expect((await fetch(`${sandbox.baseUrl}/__sandbox/expire-tokens`, { method: 'POST' })).status).toBe(204);
		expect((await call(sandbox, 'GET', '/api/v1/users?limit=1', undefined, bearer)).status).toBe(401);
	});

	it('masks hook secrets in the state, and empties the request log on DELETE', async () => {
		await call(sandbox, 'POST', '/api/v1/eventHooks', { name: 'h', events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] }, channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.example.com/x', authScheme: { type: 'HEADER', key: 'Authorization', value: 'top-secret' } } } });
		const state = await (await fetch(`${sandbox.baseUrl}/__sandbox/state`)).text();
		expect(state).toContain('"eventHooks":[{');
		expect(state).not.toContain('top-secret');
		const log = await (await fetch(`${sandbox.baseUrl}/__sandbox/requests`)).text();
		expect(log).toContain('/api/v1/eventHooks');
		expect(log).not.toContain('top-secret');
		expect((await fetch(`${sandbox.baseUrl}/__sandbox/requests`, { method: 'DELETE' })).status).toBe(204);
		expect(sandbox.requestLog).toEqual([]);
	});
});

describe('command line', () => {
	it('prints the base URL, the token and the OAuth clients, honours its options, and stops on SIGTERM', async () => {
		const root = join(__dirname, '..', '..');
		const args = ['--port', '0', '--seed', 'demo', '--token', 'cli-token', '--latency', '100', '--rate-limit', '3', '--access-token-ttl', '5'];
		const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'cli.ts'), ...args], { cwd: root });
		let exited: Promise<number | null> = new Promise((resolve) => child.on('exit', resolve));
		try {
			const out = await new Promise<string>((resolve, reject) => {
				let text = '';
				child.stdout.on('data', (chunk: Buffer) => {
					text += chunk.toString();
					if (text.includes('Introspection')) resolve(text);
				});
				void exited.then((code) => reject(new Error(`cli exited with ${code}`)));
			});
			const baseUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1];
			expect(out).toContain('API token (SSWS):         cli-token');
			const [, webClientId, webSecret] = /client ID (0oa\S+), client secret (\S+)/.exec(out)!;
			const [, serviceClientId, keyId] = /client ID (0oa\S+), key ID (\S+), private key/.exec(out)!;
			const privateKeyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(out)![0];
			expect(webSecret.length).toBeGreaterThan(20);

			const auth = { authorization: 'SSWS cli-token' };
			const started = Date.now();
			expect((await fetch(`${baseUrl}/api/v1/users?limit=1`, { headers: auth })).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(95); // --latency 100
			await fetch(`${baseUrl}/api/v1/users?limit=1`, { headers: auth });
			await fetch(`${baseUrl}/api/v1/users?limit=1`, { headers: auth });
			expect((await fetch(`${baseUrl}/api/v1/users?limit=1`, { headers: auth })).status).toBe(429); // --rate-limit 3

			const handle = { baseUrl, oauth: { serviceApp: { clientId: serviceClientId } } } as unknown as Sandbox;
			const token = await serviceToken(handle, assertion(validClaims(handle), privateKeyPem, keyId));
			expect(token).toMatchObject({ status: 200, body: { expires_in: 5 } }); // --access-token-ttl 5
			const authorize = await fetch(`${baseUrl}/oauth2/v1/authorize?${new URLSearchParams({ client_id: webClientId, response_type: 'code', scope: 'openid', redirect_uri: 'http://localhost:5678/cb', state: 's' })}`, { redirect: 'manual' });
			expect(authorize.status).toBe(302);

			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			exited = Promise.resolve(null);
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	}, 30_000);

	it('refuses a malformed option', async () => {
		const root = join(__dirname, '..', '..');
		const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'cli.ts'), '--port', '0', '--seed', 'lots'], { cwd: root });
		let errors = '';
		child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
		expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
		expect(errors).toContain('--seed must be empty, demo or counts');
	}, 30_000);
});
