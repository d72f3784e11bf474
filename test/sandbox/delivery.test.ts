import { startSandbox, type Sandbox } from './index';
import { seedDevice } from './seed';
import { activeUser, assertion, call, profile, serviceToken, startReceiver, validClaims, verifiedHook } from './testClient';

/**
 * Event delivery: every state change made through the API reaches each verified, active hook subscribed to its
 * type, batched, in Okta's envelope with LogEvents and the hook's auth header; a timeout or 5xx is retried once;
 * duplicates can be forced.
 */

let sandbox: Sandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
	// A 200 ms batch window (Okta's is unpublished), so a test can look before the batch goes out.
	sandbox = await startSandbox({ seed: 'demo', deliveryTimeoutMs: 1500, deliveryBatchMs: 200 });
});
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	sandbox.reset();
	sandbox.events.forceDuplicateDelivery(false);
	sandbox.events.attempts.length = 0;
	receiver = await startReceiver();
});
afterEach(async () => await receiver.close());

type LogEvent = { uuid: string; eventType: string; published: string; actor: { id: string; type: string }; target: Array<{ id: string; type: string }>; transaction: { id: string }; [key: string]: unknown };
const deliveredEvents = (): LogEvent[] => receiver.posts().flatMap((post) => post.body.data.events as LogEvent[]);
const deliveredTypes = () => deliveredEvents().map((event) => event.eventType);
const group = () => [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!;

const ALL_TYPES = [
	'user.lifecycle.create', 'user.lifecycle.activate', 'user.lifecycle.deactivate', 'user.lifecycle.reactivate', 'user.lifecycle.suspend',
	'user.lifecycle.unsuspend', 'user.lifecycle.delete.initiated', 'user.account.update_profile', 'user.account.update_password',
	'user.account.unlock_by_admin', 'user.account.reset_password', 'user.mfa.factor.reset_all', 'user.session.clear',
	'group.user_membership.add', 'group.user_membership.remove', 'group.lifecycle.create', 'group.profile.update', 'group.lifecycle.delete',
	'device.lifecycle.activate', 'device.lifecycle.deactivate', 'device.lifecycle.suspend', 'device.lifecycle.unsuspend', 'device.lifecycle.delete',
];

it('delivers every state change made through the API, in order, with the right targets', async () => {
	await verifiedHook(sandbox, receiver.url, ALL_TYPES);
	const id = (await call(sandbox, 'POST', '/api/v1/users?activate=true', { profile: profile('hooked@example.com'), credentials: { password: { value: 'Abcdef12!' } } })).body.id as string;
	await call(sandbox, 'POST', `/api/v1/users/${id}`, { profile: { title: 'x' }, credentials: { password: { value: 'Newpass12!' } } });
	await call(sandbox, 'POST', `/api/v1/users/${id}/lifecycle/suspend`);
	await call(sandbox, 'POST', `/api/v1/users/${id}/lifecycle/unsuspend`);
	await call(sandbox, 'POST', `/api/v1/users/${id}/lifecycle/reset_factors`);
	await call(sandbox, 'DELETE', `/api/v1/users/${id}/sessions`);
	await call(sandbox, 'POST', `/api/v1/users/${id}/lifecycle/reset_password?sendEmail=false`);
	await call(sandbox, 'POST', `/api/v1/users/${id}/lifecycle/reactivate?sendEmail=false`);
	const locked = [...sandbox.state.users.values()].find((user) => user.status === 'LOCKED_OUT')!;
	await call(sandbox, 'POST', `/api/v1/users/${locked.id}/lifecycle/unlock`);
	await call(sandbox, 'PUT', `/api/v1/groups/${group().id}/users/${id}`);
	await call(sandbox, 'DELETE', `/api/v1/groups/${group().id}/users/${id}`);
	const newGroup = (await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Hooked' } })).body.id as string;
	await call(sandbox, 'PUT', `/api/v1/groups/${newGroup}`, { profile: { name: 'Hooked 2' } });
	await call(sandbox, 'DELETE', `/api/v1/groups/${newGroup}`);
	const device = seedDevice(sandbox.state);
	for (const action of ['suspend', 'unsuspend', 'deactivate', 'activate', 'deactivate']) await call(sandbox, 'POST', `/api/v1/devices/${device}/lifecycle/${action}`);
	await call(sandbox, 'DELETE', `/api/v1/devices/${device}`);
	await call(sandbox, 'DELETE', `/api/v1/users/${id}`);
	await call(sandbox, 'DELETE', `/api/v1/users/${id}`);
	await sandbox.events.flush();
	expect(deliveredTypes()).toEqual([
		'user.lifecycle.create', 'user.lifecycle.activate', 'user.account.update_profile', 'user.account.update_password', 'user.lifecycle.suspend',
		'user.lifecycle.unsuspend', 'user.mfa.factor.reset_all', 'user.session.clear', 'user.account.reset_password', 'user.lifecycle.reactivate',
		'user.account.unlock_by_admin', 'group.user_membership.add', 'group.user_membership.remove', 'group.lifecycle.create', 'group.profile.update',
		'group.lifecycle.delete', 'device.lifecycle.suspend', 'device.lifecycle.unsuspend', 'device.lifecycle.deactivate', 'device.lifecycle.activate',
		'device.lifecycle.deactivate', 'device.lifecycle.delete', 'user.lifecycle.deactivate', 'user.lifecycle.delete.initiated',
	]);
	const membership = deliveredEvents().find((event) => event.eventType === 'group.user_membership.add')!;
	expect(membership.target).toEqual([expect.objectContaining({ id, type: 'User' }), expect.objectContaining({ id: group().id, type: 'UserGroup' })]);
	expect(deliveredEvents().find((event) => event.eventType === 'device.lifecycle.delete')!.target).toEqual([expect.objectContaining({ id: device, type: 'Device' })]);
	expect(new Set(deliveredEvents().map((event) => event.uuid)).size).toBe(deliveredEvents().length);
});

it('sends Okta\'s envelope with LogEvents, the hook\'s headers, the caller as actor and the request as transaction', async () => {
	await verifiedHook(sandbox, receiver.url, ['user.lifecycle.create', 'user.lifecycle.activate']);
	const created = await call(sandbox, 'POST', '/api/v1/users?activate=true', { profile: profile('envelope@example.com'), credentials: { password: { value: 'Abcdef12!' } } });
	await sandbox.events.flush();
	const [post] = receiver.posts();
	expect(post.headers).toMatchObject({ authorization: 'hook-secret', 'x-extra': 'extra', 'content-type': 'application/json', 'user-agent': 'Okta-Integrations' });
	expect(post.body).toMatchObject({
		eventType: 'com.okta.event_hook',
		eventTypeVersion: '1.0',
		cloudEventsVersion: '0.1',
		contentType: 'application/json',
		source: expect.stringMatching(new RegExp(`^${sandbox.baseUrl}/api/v1/eventHooks/who`)),
		eventId: expect.any(String),
		eventTime: expect.any(String),
	});
	const [create, activate] = post.body.data.events as LogEvent[];
	const admin = activeUser(sandbox);
	expect(create).toMatchObject({
		uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
		eventType: 'user.lifecycle.create',
		displayMessage: 'Create Okta user',
		severity: 'INFO',
		version: '0',
		actor: { id: admin.id, type: 'User', alternateId: admin.profile.login },
		target: [{ id: created.body.id, type: 'User', alternateId: 'envelope@example.com' }],
		outcome: { result: 'SUCCESS' },
		client: { ipAddress: expect.any(String) },
		debugContext: { debugData: { requestUri: '/api/v1/users' } },
	});
	expect(Date.parse(create.published)).not.toBeNaN();
	// One request, one transaction: both events carry the X-Okta-Request-Id of the API call that caused them.
	expect(create.transaction.id).toBe(created.headers.get('x-okta-request-id'));
	expect(activate.transaction.id).toBe(create.transaction.id);
});

it('names a service app as the actor when it made the change', async () => {
	await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create']);
	const token = await serviceToken(sandbox, assertion(validClaims(sandbox), sandbox.oauth.serviceApp.privateKeyPem, sandbox.oauth.serviceApp.keyId), 'okta.groups.manage');
	await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'By service app' } }, `Bearer ${token.body.access_token}`);
	await sandbox.events.flush();
	expect(deliveredEvents()[0].actor).toMatchObject({ id: sandbox.oauth.serviceApp.clientId, type: 'PublicClientApp' });
});

it('batches events that happen close together into one POST', async () => {
	await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create']);
	await Promise.all(['A', 'B', 'C', 'D'].map(async (name) => await call(sandbox, 'POST', '/api/v1/groups', { profile: { name } })));
	await sandbox.events.flush();
	expect(receiver.posts()).toHaveLength(1);
	expect(deliveredTypes()).toHaveLength(4);
});

it('delivers nothing to unverified, inactive or unsubscribed hooks, and nothing for refused changes', async () => {
	const unverified = await call(sandbox, 'POST', '/api/v1/eventHooks', { name: 'unverified', events: { type: 'EVENT_TYPE', items: ['group.lifecycle.create'] }, channel: { type: 'HTTP', version: '1.0.0', config: { uri: receiver.url } } });
	expect(unverified.body.verificationStatus).toBe('UNVERIFIED');
	const inactive = await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create']);
	await call(sandbox, 'POST', `/api/v1/eventHooks/${inactive}/lifecycle/deactivate`);
	await verifiedHook(sandbox, receiver.url, ['user.lifecycle.suspend']);
	await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Nobody hears this' } });
	await call(sandbox, 'POST', `/api/v1/users/${activeUser(sandbox).id}/lifecycle/unsuspend`); // 403: not SUSPENDED
	await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Nobody hears this' } }); // 400: duplicate name
	await sandbox.events.flush();
	expect(receiver.posts()).toHaveLength(0);
	await call(sandbox, 'POST', `/api/v1/users/${activeUser(sandbox).id}/lifecycle/suspend`);
	await sandbox.events.flush();
	expect(deliveredTypes()).toEqual(['user.lifecycle.suspend']);
});

it('gives an event one uuid, whichever hooks receive it', async () => {
	const second = await startReceiver();
	try {
		await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create']);
		await verifiedHook(sandbox, second.url, ['group.lifecycle.create'], 'other-secret');
		await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Twice' } });
		await sandbox.events.flush();
		expect(second.posts()[0].headers.authorization).toBe('other-secret');
		expect(second.posts()[0].body.data.events[0].uuid).toBe(deliveredEvents()[0].uuid);
	} finally {
		await second.close();
	}
});

describe('retries and duplicates', () => {
	const scripted = async (statuses: Array<number | 'hang'>) => {
		await receiver.close();
		let posts = 0;
		receiver = await startReceiver((req, res) => {
			if (req.method !== 'POST') return false;
			const status = statuses[posts++] ?? 200;
			if (status === 'hang') return true;
			res.statusCode = status;
			res.end();
			return true;
		});
		await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create']);
		await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: `Retry ${statuses.join(' ')}` } });
		await sandbox.events.flush();
		return sandbox.events.attempts.map((attempt) => attempt.status);
	};

	it('retries a 5xx once, with the same body', async () => {
		expect(await scripted([503, 200])).toEqual([503, 200]);
		expect(receiver.posts()[1].raw).toBe(receiver.posts()[0].raw);
	});

	it('retries a timeout once', async () => {
		expect(await scripted(['hang', 204])).toEqual(['timeout', 204]);
	});

	it('gives up after the one retry', async () => {
		expect(await scripted([500, 500, 200])).toEqual([500, 500]);
		expect(receiver.posts()).toHaveLength(2);
	});

	it('does not retry a 4xx', async () => {
		expect(await scripted([401, 200])).toEqual([401]);
	});

	it('delivers the very same request twice when duplicates are forced', async () => {
		sandbox.events.forceDuplicateDelivery(true);
		expect(await scripted([200, 200])).toEqual([200, 200]);
		const [first, second] = receiver.posts();
		expect(second.raw).toBe(first.raw);
		sandbox.events.forceDuplicateDelivery(false);
		await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Once' } });
		await sandbox.events.flush();
		expect(receiver.posts()).toHaveLength(3);
	});
});

it('flushes over HTTP for a sandbox in another process', async () => {
	await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create']);
	await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Flushed' } });
	expect(receiver.posts()).toHaveLength(0);
	expect((await fetch(`${sandbox.baseUrl}/__sandbox/flush`, { method: 'POST' })).status).toBe(204);
	expect(receiver.posts()).toHaveLength(1);
});

describe('delivery introspection over HTTP (for the end-to-end tests, which run the sandbox as a process)', () => {
	const introspect = async (method: string, path: string, body?: unknown) =>
		await fetch(`${sandbox.baseUrl}/__sandbox${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

	it('turns duplicate deliveries on and off, and lists every attempt', async () => {
		const hookId = await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create']);
		expect((await introspect('POST', '/duplicate-deliveries', { on: true })).status).toBe(204);
		await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Twice' } });
		await sandbox.events.flush();
		expect((await introspect('POST', '/duplicate-deliveries', { on: false })).status).toBe(204);
		await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Once' } });
		await sandbox.events.flush();
		const attempts = (await (await introspect('GET', '/deliveries')).json()) as Array<{ hookId: string; eventIds: string[]; status: number }>;
		expect(attempts.map((attempt) => [attempt.hookId, attempt.status])).toEqual([[hookId, 200], [hookId, 200], [hookId, 200]]);
		expect(attempts[0].eventIds).toEqual(attempts[1].eventIds);
		expect(attempts[2].eventIds).not.toEqual(attempts[0].eventIds);
	});

	it('replays the last delivery byte for byte, after the first has been answered', async () => {
		await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create']);
		await call(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Replayed' } });
		await sandbox.events.flush();
		const replay = (await (await introspect('POST', '/deliveries/replay-last')).json()) as { status: number; eventIds: string[] };
		const [first, second] = receiver.posts();
		expect(second.raw).toBe(first.raw);
		expect(replay.status).toBe(200);
		expect(replay.eventIds).toEqual(first.body.data.events.map((event: { uuid: string }) => event.uuid));
	});

	it('sends a raw body with the hook\'s own secret, and reports the receiver\'s answer without revealing the secret', async () => {
		const hookId = await verifiedHook(sandbox, receiver.url, ['group.lifecycle.create'], 'raw-secret-value');
		const reply = (await (await introspect('POST', `/event-hooks/${hookId}/raw-delivery`, { body: 'not json', contentType: 'text/plain' })).json()) as Record<string, unknown>;
		expect(reply).toEqual({ status: 200, body: '' });
		const [post] = receiver.posts();
		expect(post.raw).toBe('not json');
		expect(post.headers['content-type']).toBe('text/plain');
		expect(post.headers.authorization).toBe('raw-secret-value');
		expect(JSON.stringify(reply)).not.toContain('raw-secret-value');
		expect((await introspect('POST', '/event-hooks/whoMissing/raw-delivery', { body: '' })).status).toBe(404);
	});
});
