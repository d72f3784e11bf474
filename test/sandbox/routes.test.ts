import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import { seedDevice, startRoutesApp } from './testApp';

type App = Awaited<ReturnType<typeof startRoutesApp>>;
let app: App;

beforeEach(async () => {
	app = await startRoutesApp();
});
afterEach(async () => {
	await app.close();
});

const call = async (method: string, path: string, body?: unknown) => {
	const response = await fetch(`${app.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: response.headers };
};

/** A hook receiver on 127.0.0.1 whose behaviour each test scripts. */
async function receiver(handler: express.RequestHandler): Promise<{ url: string; close(): Promise<void> }> {
	const hookApp = express();
	hookApp.use(express.json({ limit: '10mb' }));
	hookApp.all('/hook', handler);
	const server: Server = await new Promise((resolve) => {
		const listening = hookApp.listen(0, '127.0.0.1', () => resolve(listening));
	});
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

const hookBody = (uri: string, items = ['device.lifecycle.suspend']) => ({
	name: 'test hook',
	events: { type: 'EVENT_TYPE', items },
	channel: { type: 'HTTP', version: '1.0.0', config: { uri, authScheme: { type: 'HEADER', key: 'Authorization', value: 'hook-secret' } } },
});

describe('devices', () => {
	it('allows only Okta\'s transitions and deletes only DEACTIVATED devices', async () => {
		const id = seedDevice(app.state);
		expect((await call('POST', `/api/v1/devices/${id}/lifecycle/unsuspend`)).status).toBe(400);
		expect((await call('POST', `/api/v1/devices/${id}/lifecycle/suspend`)).status).toBe(204);
		expect(app.state.devices.get(id)?.status).toBe('SUSPENDED');
		const refused = await call('DELETE', `/api/v1/devices/${id}`);
		expect(refused.status).toBe(400);
		expect(JSON.stringify(refused.body)).toMatch(/deactivate/i);
		expect((await call('POST', `/api/v1/devices/${id}/lifecycle/deactivate`)).status).toBe(204);
		expect((await call('DELETE', `/api/v1/devices/${id}`)).status).toBe(204);
		expect(app.state.devices.has(id)).toBe(false);
		expect((await call('GET', `/api/v1/devices/${id}`)).body).toMatchObject({ errorCode: 'E0000007' });
	});

	it('pages at most 200 devices with self and next links', async () => {
		for (let i = 0; i < 250; i++) seedDevice(app.state);
		const first = await fetch(`${app.url}/api/v1/devices?limit=500`);
		expect(((await first.json()) as unknown[]).length).toBe(200);
		const links = first.headers.get('link') ?? '';
		expect(links).toContain('rel="self"');
		const next = /<([^>]+)>; rel="next"/.exec(links)![1];
		expect(((await (await fetch(next)).json()) as unknown[]).length).toBe(50);
	});
});

describe('realms', () => {
	it('creates, replaces and deletes a realm', async () => {
		const created = await call('POST', '/api/v1/realms', { profile: { name: 'Partners', realmType: 'PARTNER', domains: ['partner.example'] } });
		expect(created.status).toBe(200);
		const id = String(created.body?.id);
		const replaced = await call('PUT', `/api/v1/realms/${id}`, { profile: { name: 'Partners EU' } });
		expect(replaced.body?.profile).toEqual({ name: 'Partners EU', realmType: 'DEFAULT' });
		expect((await call('POST', '/api/v1/realms', { profile: {} })).body).toMatchObject({ errorCode: 'E0000001' });
		expect((await call('DELETE', `/api/v1/realms/${id}`)).status).toBe(204);
	});
});

describe('user types', () => {
	it('allows nine types besides the default and protects default and in-use types', async () => {
		for (let i = 0; i < 9; i++) {
			expect((await call('POST', '/api/v1/meta/types/user', { name: `type_${i}`, displayName: `Type ${i}` })).status).toBe(200);
		}
		const tenth = await call('POST', '/api/v1/meta/types/user', { name: 'type_10', displayName: 'Type 10' });
		expect(tenth.status).toBe(400);
		expect(JSON.stringify(tenth.body)).toContain('maximum of 9');
		expect((await call('GET', '/api/v1/meta/types/user/default')).body).toMatchObject({ default: true });
		expect((await call('DELETE', '/api/v1/meta/types/user/default')).status).toBe(403);
		const inUse = [...app.state.userTypes.values()].find((type) => type.name === 'type_0')!;
		app.state.users.set('00uuser', { id: '00uuser', type: { id: inUse.id } } as never);
		expect((await call('DELETE', `/api/v1/meta/types/user/${inUse.id}`)).status).toBe(400);
		const partial = await call('POST', `/api/v1/meta/types/user/${inUse.id}`, { description: 'changed' });
		expect(partial.body).toMatchObject({ displayName: 'Type 0', description: 'changed' });
		expect((await call('PUT', `/api/v1/meta/types/user/${inUse.id}`, { name: 'renamed', displayName: 'X' })).status).toBe(400);
	});
});

describe('event hooks', () => {
	it('verifies with the GET challenge, delivers batched events with the auth header, and deletes only INACTIVE hooks', async () => {
		const posts: Array<{ auth?: string; events: Array<{ eventType: string; uuid: string }> }> = [];
		const hook = await receiver((req, res) => {
			if (req.method === 'GET') {
				res.json({ verification: req.headers['x-okta-verification-challenge'] });
				return;
			}
			posts.push({ auth: req.headers.authorization, events: req.body.data.events });
			res.status(204).end();
		});
		const created = await call('POST', '/api/v1/eventHooks', hookBody(hook.url, ['device.lifecycle.suspend', 'device.lifecycle.unsuspend']));
		expect(created.body).toMatchObject({ status: 'ACTIVE', verificationStatus: 'UNVERIFIED' });
		expect(JSON.stringify(created.body)).not.toContain('hook-secret');
		const id = String(created.body?.id);
		const device = seedDevice(app.state);
		await call('POST', `/api/v1/devices/${device}/lifecycle/suspend`);
		await app.delivery.flush();
		expect(posts).toHaveLength(0);
		expect((await call('POST', `/api/v1/eventHooks/${id}/lifecycle/verify`)).body).toMatchObject({ verificationStatus: 'VERIFIED' });
		await call('POST', `/api/v1/devices/${device}/lifecycle/unsuspend`);
		await call('POST', `/api/v1/devices/${device}/lifecycle/suspend`);
		await app.delivery.flush();
		expect(posts).toHaveLength(1);
		expect(posts[0].auth).toBe('hook-secret');
		expect(posts[0].events.map((event) => event.eventType)).toEqual(['device.lifecycle.unsuspend', 'device.lifecycle.suspend']);
		expect((await call('DELETE', `/api/v1/eventHooks/${id}`)).status).toBe(400);
		await call('POST', `/api/v1/eventHooks/${id}/lifecycle/deactivate`);
		expect((await call('DELETE', `/api/v1/eventHooks/${id}`)).status).toBe(204);
		await hook.close();
	});

	it('fails verification when the endpoint does not echo the challenge, and refuses non-HTTPS public URIs', async () => {
		const hook = await receiver((_req, res) => {
			res.json({ verification: 'wrong' });
		});
		const created = await call('POST', '/api/v1/eventHooks', hookBody(hook.url));
		const verify = await call('POST', `/api/v1/eventHooks/${String(created.body?.id)}/lifecycle/verify`);
		expect(verify.status).toBe(400);
		expect(JSON.stringify(verify.body)).toContain('did not echo the verification challenge');
		expect((await call('POST', '/api/v1/eventHooks', hookBody('http://example.com/hook'))).status).toBe(400);
		await hook.close();
	});

	it('retries a failed delivery once, and duplicates deliveries on request', async () => {
		let postCount = 0;
		const hook = await receiver((req, res) => {
			if (req.method === 'GET') {
				res.json({ verification: req.headers['x-okta-verification-challenge'] });
				return;
			}
			postCount++;
			res.status(postCount === 1 ? 503 : 200).end();
		});
		const created = await call('POST', '/api/v1/eventHooks', hookBody(hook.url));
		await call('POST', `/api/v1/eventHooks/${String(created.body?.id)}/lifecycle/verify`);
		const device = seedDevice(app.state);
		await call('POST', `/api/v1/devices/${device}/lifecycle/suspend`);
		await app.delivery.flush();
		expect(app.delivery.attempts.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
			[1, 503],
			[2, 200],
		]);
		app.delivery.forceDuplicateDelivery(true);
		await call('POST', `/api/v1/devices/${device}/lifecycle/unsuspend`);
		await app.delivery.flush();
		const last = app.delivery.attempts.slice(-2);
		expect(last).toHaveLength(2);
		expect(last[0].eventIds).toEqual(last[1].eventIds);
		await hook.close();
	});
});
