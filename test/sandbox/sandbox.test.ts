import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';

import { startSandbox, type Sandbox } from './index';
import { activeUser, call, profile } from './testClient';

/** startSandbox as a whole: seeds, reset, events from API changes, /__sandbox introspection, the CLI. */

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

	it('seeds 10,000 users in under 2 s', async () => {
		const started = performance.now();
		const big = await startSandbox({ seed: { users: 10_000 } });
		const elapsed = performance.now() - started;
		try {
			expect(big.state.users.size).toBe(10_000);
			expect(elapsed).toBeLessThan(2000);
		} finally {
			await big.close();
		}
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

describe('events from API changes', () => {
	it('delivers every change to a verified hook subscribed to its type, batched, with the auth header', async () => {
		const received: Array<{ auth?: string; types: string[]; envelope: Record<string, unknown> }> = [];
		const app = express();
		app.use(express.json());
		app.get('/hook', (req, res) => {
			res.json({ verification: req.headers['x-okta-verification-challenge'] });
		});
		app.post('/hook', (req, res) => {
			received.push({ auth: req.headers.authorization, types: req.body.data.events.map((event: { eventType: string }) => event.eventType), envelope: req.body });
			res.status(204).end();
		});
		const server: Server = await new Promise((resolve) => {
			const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
		});
		try {
			const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
			const types = ['user.lifecycle.create', 'user.lifecycle.activate', 'user.lifecycle.suspend', 'user.lifecycle.unsuspend', 'user.lifecycle.deactivate', 'user.lifecycle.delete.initiated', 'user.account.update_profile', 'group.user_membership.add', 'group.user_membership.remove', 'group.lifecycle.create'];
			const hook = await call(sandbox, 'POST', '/api/v1/eventHooks', {
				name: 'test',
				events: { type: 'EVENT_TYPE', items: types },
				channel: { type: 'HTTP', version: '1.0.0', config: { uri, authScheme: { type: 'HEADER', key: 'Authorization', value: 'sekret' } } },
			});
			expect((await call(sandbox, 'POST', `/api/v1/eventHooks/${hook.body.id}/lifecycle/verify`)).body.verificationStatus).toBe('VERIFIED');
			const created = await call(sandbox, 'POST', '/api/v1/users?activate=true', { profile: profile('hooked@example.com'), credentials: { password: { value: 'Abcdef12!' } } });
			const id = created.body.id as string;
			const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!;
			await call(sandbox, 'PUT', `/api/v1/groups/${group.id}/users/${id}`);
			await sandbox.events.flush();
			expect(received).toHaveLength(1);
			expect(received[0]).toMatchObject({ auth: 'sekret', types: ['user.lifecycle.create', 'user.lifecycle.activate', 'group.user_membership.add'] });
			expect(received[0].envelope).toMatchObject({ eventType: 'com.okta.event_hook', eventTypeVersion: '1.0', cloudEventsVersion: '0.1', contentType: 'application/json' });

			await call(sandbox, 'POST', `/api/v1/users/${id}`, { profile: { title: 'x' } });
			await call(sandbox, 'POST', `/api/v1/users/${id}/lifecycle/suspend`);
			await call(sandbox, 'POST', `/api/v1/users/${id}/lifecycle/unsuspend`);
			await call(sandbox, 'DELETE', `/api/v1/groups/${group.id}/users/${id}`);
			await call(sandbox, 'DELETE', `/api/v1/users/${id}`);
			await call(sandbox, 'DELETE', `/api/v1/users/${id}`);
			await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Hooked' } });
			// refused changes and unsubscribed types send nothing
			await call(sandbox, 'POST', `/api/v1/users/${activeUser(sandbox).id}/lifecycle/unsuspend`);
			await call(sandbox, 'DELETE', `/api/v1/users/${activeUser(sandbox).id}/sessions`);
			await sandbox.events.flush();
			expect(received.flatMap((delivery) => delivery.types).slice(3)).toEqual(['user.account.update_profile', 'user.lifecycle.suspend', 'user.lifecycle.unsuspend', 'group.user_membership.remove', 'user.lifecycle.deactivate', 'user.lifecycle.delete.initiated', 'group.lifecycle.create']);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
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
	});
});

describe('command line', () => {
	it('starts with --port, --seed and --token and prints the base URL, token and OAuth clients', async () => {
		const root = join(__dirname, '..', '..');
		const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'cli.ts'), '--port', '0', '--seed', 'demo', '--token', 'cli-token', '--json'], { cwd: root });
		try {
			const line = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					if (out.includes('\n')) resolve(out.split('\n')[0]);
				});
				child.on('exit', (code) => reject(new Error(`cli exited with ${code}`)));
			});
			const summary = JSON.parse(line) as { baseUrl: string; apiToken: string; oauthWebApp: { clientId: string }; serviceApp: { privateKeyPem: string }; users: number };
			expect(summary).toMatchObject({ apiToken: 'cli-token', oauthWebApp: { clientId: expect.stringMatching(/^0oa/) } });
			expect(summary.serviceApp.privateKeyPem).toContain('BEGIN PRIVATE KEY');
			const response = await fetch(`${summary.baseUrl}/api/v1/users?limit=1`, { headers: { authorization: 'SSWS cli-token' } });
			expect(response.status).toBe(200);
		} finally {
			child.kill('SIGTERM');
		}
	}, 30_000);
});
