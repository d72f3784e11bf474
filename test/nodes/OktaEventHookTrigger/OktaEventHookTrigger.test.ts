import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OktaEventHookTrigger } from '../../../nodes/OktaEventHookTrigger/OktaEventHookTrigger.node';
import { runWebhook, runWebhookMethod } from '../../helpers/n8n';
import { seedDevice, startRoutesApp } from '../../sandbox/testApp';

/**
 * The trigger end to end: its webhookMethods register a hook in the Okta sandbox, the sandbox performs the
 * real verification GET and POSTs deliveries to a local n8n stand-in, which runs the node's webhook().
 */

type Okta = Awaited<ReturnType<typeof startRoutesApp>>;
let okta: Okta;
let n8n: Server;
let n8nBase: string;
let staticData: IDataObject;
let parameters: INodeParameters;
let received: INodeExecutionData[][];
let answerChallengeWrongly: boolean;
const node = new OktaEventHookTrigger();

const credentials = () => ({ type: 'oktaDirectoryApiTokenApi', data: { domain: okta.url, apiToken: 'test-token' } });

beforeEach(async () => {
	okta = await startRoutesApp();
	staticData = {};
	received = [];
	answerChallengeWrongly = false;
	parameters = { events: ['device.lifecycle.suspend', 'device.lifecycle.unsuspend'] };
	const app = express();
	app.use(express.json({ limit: '10mb' }));
	app.all('/webhook/:webhookId/okta-events', async (req, res) => {
		if (answerChallengeWrongly && req.method === 'GET') {
			res.json({ verification: 'not-the-challenge' });
			return;
		}
		const result = await runWebhook({
			node,
			parameters,
			credentials: credentials(),
			staticData,
			webhookName: req.method === 'GET' ? 'setup' : 'default',
			request: { method: req.method, headers: req.headers as Record<string, string>, body: req.body },
		});
		if (result.workflowData) received.push(result.workflowData[0]);
		if (result.response.ended) res.status(result.response.statusCode).json(result.response.body);
		else res.status(200).json({ message: 'Workflow was started' });
	});
	await new Promise<void>((resolve) => {
		n8n = app.listen(0, '127.0.0.1', () => resolve());
	});
	n8nBase = `http://127.0.0.1:${(n8n.address() as AddressInfo).port}/webhook`;
});

afterEach(async () => {
	await okta.close();
	await new Promise((resolve) => n8n.close(resolve));
});

const hookMethod = async (method: 'checkExists' | 'create' | 'delete', mode: 'trigger' | 'manual' = 'trigger') =>
	await runWebhookMethod({ node, method, parameters, credentials: credentials(), staticData, webhookUrl: n8nBase, mode });

const hookUrl = () => `${n8nBase}/okta-test-webhook/okta-events`;

async function deliver(headers: Record<string, string>, body: unknown): Promise<{ status: number; body: unknown }> {
	const response = await fetch(hookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function activate(): Promise<void> {
	expect(await hookMethod('checkExists')).toBe(false);
	expect(await hookMethod('create')).toBe(true);
}

describe('Okta Event Hook Trigger', () => {
	it('registers and verifies a hook pointing at the webhook URL, keeping only a hash of the secret', async () => {
		await activate();
		const hooks = [...okta.state.eventHooks.values()];
		expect(hooks).toHaveLength(1);
		expect(hooks[0]).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED', events: { type: 'EVENT_TYPE', items: parameters.events } });
		expect(hooks[0].channel.config.uri).toBe(hookUrl());
		expect(hooks[0].name).toMatch(/^n8n: Okta test workflow \(wf-test\)$/);
		expect(staticData.hookId).toBe(hooks[0].id);
		const secret = hooks[0].channel.config.authScheme!.value;
		expect(secret.length).toBeGreaterThanOrEqual(40);
		expect(JSON.stringify(staticData)).not.toContain(secret);
		expect(await hookMethod('checkExists')).toBe(true);
	});

	it('turns API changes into one item per event, in Okta\'s LogEvent shape', async () => {
		await activate();
		const device = seedDevice(okta.state);
		await fetch(`${okta.url}/api/v1/devices/${device}/lifecycle/suspend`, { method: 'POST' });
		await okta.delivery.flush();
		expect(received).toHaveLength(1);
		const [item] = received[0];
		expect(item.json).toMatchObject({ eventType: 'device.lifecycle.suspend', target: [{ id: device, type: 'Device' }], outcome: { result: 'SUCCESS' } });
		expect(typeof item.json.uuid).toBe('string');
		expect(item.json.delivery).toMatchObject({ source: expect.stringContaining('/api/v1/eventHooks/') });
	});

	it('emits one item per delivery when asked', async () => {
		parameters.options = { outputMode: 'delivery' };
		await activate();
		const device = seedDevice(okta.state);
		await fetch(`${okta.url}/api/v1/devices/${device}/lifecycle/suspend`, { method: 'POST' });
		await fetch(`${okta.url}/api/v1/devices/${device}/lifecycle/unsuspend`, { method: 'POST' });
		await okta.delivery.flush();
		expect(received).toHaveLength(1);
		expect(received[0]).toHaveLength(1);
		expect((received[0][0].json.data as IDataObject).events).toHaveLength(2);
	});

	it('drops a duplicate delivery, and keeps it with de-duplication off', async () => {
		await activate();
		okta.delivery.forceDuplicateDelivery(true);
		const device = seedDevice(okta.state);
		await fetch(`${okta.url}/api/v1/devices/${device}/lifecycle/suspend`, { method: 'POST' });
		await okta.delivery.flush();
		expect(okta.delivery.attempts).toHaveLength(2);
		expect(received).toHaveLength(1);
		parameters.options = { deduplicate: false };
		await fetch(`${okta.url}/api/v1/devices/${device}/lifecycle/unsuspend`, { method: 'POST' });
		await okta.delivery.flush();
		expect(received).toHaveLength(3);
	});

	it('refuses forged deliveries with 401 and starts nothing', async () => {
		await activate();
		const hook = [...okta.state.eventHooks.values()][0];
		const secret = hook.channel.config.authScheme!.value;
		const envelope = { eventType: 'com.okta.event_hook', data: { events: [{ uuid: 'forged-1', eventType: 'user.lifecycle.create' }] } };
		const attempts: Record<string, Record<string, string>> = {
			missing: {},
			wrong: { authorization: 'x'.repeat(secret.length) },
			'different length': { authorization: `${secret}x` },
			'different case': { authorization: secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase() },
			'old rotated hook': { authorization: 'previous-secret-of-an-older-hook' },
		};
		for (const [, headers] of Object.entries(attempts)) {
			expect((await deliver(headers, envelope)).status).toBe(401);
		}
		expect(received).toHaveLength(0);
		expect((await deliver({ authorization: secret }, envelope)).status).toBe(200);
		expect(received).toHaveLength(1);
	});

	it('rejects malformed, huge and deeply nested bodies with 4xx', async () => {
		await activate();
		const secret = [...okta.state.eventHooks.values()][0].channel.config.authScheme!.value;
		expect((await deliver({ authorization: secret }, { hello: 'world' })).status).toBe(400);
		expect((await deliver({ authorization: secret }, { data: { events: ['not an event'] } })).status).toBe(400);
		let deep: IDataObject = {};
		const root = deep;
		for (let i = 0; i < 100; i++) {
			deep.next = {};
			deep = deep.next as IDataObject;
		}
		expect((await deliver({ authorization: secret }, { data: { events: [root] } })).status).toBe(400);
		const huge = { data: { events: [{ uuid: 'big', blob: 'x'.repeat(6 * 1024 * 1024) }] } };
		expect((await deliver({ authorization: secret }, huge)).status).toBe(413);
		expect(received).toHaveLength(0);
	});

	it('refuses a verification GET without a challenge header', async () => {
		await activate();
		const response = await fetch(hookUrl());
		expect(response.status).toBe(400);
		const answered = await fetch(hookUrl(), { headers: { 'x-okta-verification-challenge': 'abc' } });
		expect(await answered.json()).toEqual({ verification: 'abc' });
	});

	it('leaves no hook behind when the workflow is deactivated, and tolerates a hook already gone', async () => {
		await activate();
		expect(await hookMethod('delete')).toBe(true);
		expect(okta.state.eventHooks.size).toBe(0);
		expect(staticData.hookId).toBeUndefined();
		await activate();
		okta.state.eventHooks.clear();
		expect(await hookMethod('delete')).toBe(true);
	});

	it('removes the half-made hook and explains why when verification fails', async () => {
		answerChallengeWrongly = true;
		await expect(hookMethod('create')).rejects.toThrow(/Okta could not verify the event hook at .*okta-events/);
		expect(okta.state.eventHooks.size).toBe(0);
		expect(staticData.hookId).toBeUndefined();
	});

	it('replaces a hook that was deactivated in Okta or subscribes to other events', async () => {
		await activate();
		const first = String(staticData.hookId);
		okta.state.eventHooks.get(first)!.status = 'INACTIVE';
		expect(await hookMethod('checkExists')).toBe(false);
		expect(okta.state.eventHooks.has(first)).toBe(false);
		await hookMethod('create');
		parameters.events = ['device.lifecycle.deactivate'];
		expect(await hookMethod('checkExists')).toBe(false);
		expect(okta.state.eventHooks.size).toBe(0);
	});

	it('registers and removes the same way while listening for a test event', async () => {
		expect(await hookMethod('create', 'manual')).toBe(true);
		expect([...okta.state.eventHooks.values()][0].verificationStatus).toBe('VERIFIED');
		expect(await hookMethod('delete', 'manual')).toBe(true);
		expect(okta.state.eventHooks.size).toBe(0);
	});

	it('accepts custom event types by name and rejects malformed ones', async () => {
		parameters = { events: [], customEvents: 'user.lifecycle.create, group.user_membership.add' };
		await activate();
		expect([...okta.state.eventHooks.values()][0].events.items).toEqual(['user.lifecycle.create', 'group.user_membership.add']);
		await hookMethod('delete');
		parameters = { events: [], customEvents: 'not an event' };
		await expect(hookMethod('create')).rejects.toThrow(/Custom Event Types: "not"/);
	});
});
