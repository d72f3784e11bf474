import { startSandbox, type Sandbox } from './index';
import { call, hookBody, responseDrift, startReceiver } from './testClient';

/**
 * Event hooks: create, get, list, verify (the real GET challenge), activate/deactivate, replace, delete only when
 * INACTIVE. Delivery itself is in delivery.test.ts.
 */

let sandbox: Sandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
	// A short delivery timeout, so the timeout-and-retry path runs in well under a second.
	sandbox = await startSandbox({ seed: 'demo', deliveryTimeoutMs: 300 });
});
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	sandbox.reset();
	receiver = await startReceiver();
});
afterEach(async () => {
	await receiver.close();
	expect(responseDrift(sandbox)).toEqual([]);
});

const create = async (items = ['user.lifecycle.create'], uri = receiver.url) => await call(sandbox, 'POST', '/api/v1/eventHooks', hookBody(uri, items));
const verify = async (id: string) => await call(sandbox, 'POST', `/api/v1/eventHooks/${id}/lifecycle/verify`);

describe('create, read and list', () => {
	it('creates an ACTIVE, UNVERIFIED hook and never returns the auth secret', async () => {
		const created = await create();
		expect(created).toMatchObject({
			status: 200,
			body: { status: 'ACTIVE', verificationStatus: 'UNVERIFIED', events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] }, channel: { config: { uri: receiver.url, authScheme: { type: 'HEADER', key: 'Authorization' } } } },
		});
		expect(created.body.id).toMatch(/^who[A-Za-z0-9]{17}$/);
		const id = created.body.id as string;
		const read = await call(sandbox, 'GET', `/api/v1/eventHooks/${id}`);
		const listed = await call(sandbox, 'GET', '/api/v1/eventHooks');
		expect(read.body.id).toBe(id);
		expect(listed.body.map((hook: { id: string }) => hook.id)).toEqual([id]);
		for (const body of [created.body, read.body, listed.body]) expect(JSON.stringify(body)).not.toContain('hook-secret');
		expect(sandbox.state.eventHooks.get(id)!.channel.config.authScheme!.value).toBe('hook-secret');
		expect(await call(sandbox, 'GET', '/api/v1/eventHooks/whoMissing')).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
	});

	it('refuses plain http except on loopback, malformed event types, and a missing name', async () => {
		expect(await create(['user.lifecycle.create'], 'http://hooks.example.com/okta')).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
		expect((await create(['user.lifecycle.create'], 'http://localhost:5678/webhook/x')).status).toBe(200);
		expect((await create(['user.lifecycle.create'], 'https://hooks.example.com/okta')).status).toBe(200);
		const badType = await create(['user created']);
		expect(badType.status).toBe(400);
		expect(JSON.stringify(badType.body)).toContain('user created');
		const { name: _name, ...nameless } = hookBody(receiver.url, ['user.lifecycle.create']);
		expect((await call(sandbox, 'POST', '/api/v1/eventHooks', nameless)).status).toBe(400);
	});

	it('allows at most 25 active hooks', async () => {
		for (let i = 0; i < 25; i++) expect((await create()).status).toBe(200);
		const refused = await create();
		expect(refused).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
		expect(JSON.stringify(refused.body)).toContain('25');
	});
});

describe('verify', () => {
	it('sends one GET with the challenge and the hook\'s headers, and marks the hook VERIFIED when it is echoed', async () => {
		const id = (await create()).body.id as string;
		const verified = await verify(id);
		expect(verified).toMatchObject({ status: 200, body: { id, status: 'ACTIVE', verificationStatus: 'VERIFIED' } });
		expect(receiver.received).toHaveLength(1);
		const [challenge] = receiver.received;
		expect(challenge.method).toBe('GET');
		expect(challenge.headers).toMatchObject({ authorization: 'hook-secret', 'x-extra': 'extra', 'user-agent': 'Okta-Integrations', accept: 'application/json' });
		expect(String(challenge.headers['x-okta-verification-challenge'])).toMatch(/.{20,}/);
		expect(sandbox.state.eventHooks.get(id)!.verificationStatus).toBe('VERIFIED');
		// The challenge goes to the hook only; it never lands in the sandbox's request log.
		expect(JSON.stringify(sandbox.requestLog)).not.toContain(String(challenge.headers['x-okta-verification-challenge']));
	});

	it('fails with Okta\'s 400 when the endpoint answers the wrong value, and does not retry a wrong answer', async () => {
		await receiver.close();
		receiver = await startReceiver((_req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ verification: 'not-the-challenge' }));
			return true;
		});
		const id = (await create()).body.id as string;
		const failed = await verify(id);
		expect(failed).toMatchObject({ status: 400, body: { errorCode: 'E0000001', errorSummary: 'Api validation failed: eventHook' } });
		expect(failed.body.errorCauses[0].errorSummary).toMatch(/^Unable to verify event hook\. Hook test hook execution failed: .*did not echo the verification challenge/);
		expect(receiver.received).toHaveLength(1);
		expect(sandbox.state.eventHooks.get(id)!.verificationStatus).toBe('UNVERIFIED');
	});

	it('retries once after an error status or a timeout, then fails', async () => {
		let calls = 0;
		await receiver.close();
		receiver = await startReceiver((_req, res) => {
			calls++;
			if (calls === 1) {
				res.statusCode = 500;
				res.end();
				return true;
			}
			return false;
		});
		const id = (await create()).body.id as string;
		expect((await verify(id)).body.verificationStatus).toBe('VERIFIED');
		expect(calls).toBe(2);

		await receiver.close();
		receiver = await startReceiver(() => true); // never answers: every attempt times out (300 ms here, 3 s in Okta)
		const slow = (await create()).body.id as string;
		const started = Date.now();
		const failed = await verify(slow);
		expect(failed.status).toBe(400);
		expect(failed.body.errorCauses[0].errorSummary).toMatch(/no answer within 300 ms/);
		expect(receiver.received).toHaveLength(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(550);
	});

	it('fails when nothing listens at the URI', async () => {
		const uri = receiver.url;
		await receiver.close();
		const id = (await create(['user.lifecycle.create'], uri)).body.id as string;
		expect((await verify(id)).body.errorCauses[0].errorSummary).toMatch(/could not connect/);
		receiver = await startReceiver();
	});
});

describe('lifecycle and delete', () => {
	it('deactivates and activates, deletes only INACTIVE hooks, and refuses to verify an INACTIVE one', async () => {
		const id = (await create()).body.id as string;
		const refused = await call(sandbox, 'DELETE', `/api/v1/eventHooks/${id}`);
		expect(refused).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
		expect(sandbox.state.eventHooks.has(id)).toBe(true);
		expect((await call(sandbox, 'POST', `/api/v1/eventHooks/${id}/lifecycle/deactivate`)).body.status).toBe('INACTIVE');
		expect((await verify(id)).status).toBe(400);
		expect((await call(sandbox, 'POST', `/api/v1/eventHooks/${id}/lifecycle/activate`)).body.status).toBe('ACTIVE');
		await call(sandbox, 'POST', `/api/v1/eventHooks/${id}/lifecycle/deactivate`);
		expect((await call(sandbox, 'DELETE', `/api/v1/eventHooks/${id}`)).status).toBe(204);
		expect(sandbox.state.eventHooks.has(id)).toBe(false);
		expect((await call(sandbox, 'GET', `/api/v1/eventHooks/${id}`)).status).toBe(404);
	});

	it('replaces a hook with PUT; a new URI must be verified again', async () => {
		const id = (await create()).body.id as string;
		await verify(id);
		const sameUri = await call(sandbox, 'PUT', `/api/v1/eventHooks/${id}`, hookBody(receiver.url, ['user.lifecycle.create', 'user.lifecycle.activate']));
		expect(sameUri.body).toMatchObject({ verificationStatus: 'VERIFIED', events: { items: ['user.lifecycle.create', 'user.lifecycle.activate'] } });
		const moved = await call(sandbox, 'PUT', `/api/v1/eventHooks/${id}`, hookBody(`${receiver.url}/v2`, ['user.lifecycle.create']));
		expect(moved.body).toMatchObject({ verificationStatus: 'UNVERIFIED', channel: { config: { uri: `${receiver.url}/v2` } } });
	});
});
