import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OktaEventHookTrigger } from '../../../../nodes/Okta/OktaEventHookTrigger.node';
import { DEDUPE_MAX_ENTRIES, DEDUPE_WINDOW_MS, forgetInProcessClaims, sha256Hex } from '../../../../nodes/Okta/trigger/state';
import { MAX_BODY_BYTES, MAX_DEPTH } from '../../../../nodes/Okta/trigger/webhook';
import { runWebhook } from '../../../helpers/n8n';

/**
 * The trigger's webhook() through n8n-core's real WebhookContext: the verification GET ('setup') and
 * deliveries ('default'), with the static data the lifecycle methods leave behind.
 */

const node = new OktaEventHookTrigger();
const SECRET = 'q3VhZ0i9m8Yb4kN7xT2cR5wL1pJ6sD0fG8hE3aU9vB4';
const OLD_SECRET = 'old-rotated-hook-secret-0000000000000000000';
const hookRecord = (id: string, secret: string, kind = 'production') => ({
	id,
	url: `https://n8n.example.com/webhook-${kind}/okta-test-webhook/okta-events`,
	kind,
	secretSha256: sha256Hex(secret),
	events: ['user.lifecycle.create'],
	createdAt: 1,
});

let staticData: IDataObject;
let parameters: INodeParameters;

beforeEach(() => {
	forgetInProcessClaims();
	staticData = { hooks: [hookRecord('who1', SECRET)] };
	parameters = { events: ['user.lifecycle.create'] };
});

const event = (uuid: string | undefined, extra: IDataObject = {}): IDataObject => ({
	...(uuid === undefined ? {} : { uuid }),
	published: '2026-11-28T10:00:00.000Z',
	eventType: 'user.lifecycle.create',
	displayMessage: 'Create Okta user',
	severity: 'INFO',
	target: [{ id: '00u1', type: 'User' }],
	...extra,
});

const envelope = (events: unknown[]): IDataObject => ({
	eventType: 'com.okta.event_hook',
	eventTypeVersion: '1.0',
	cloudEventsVersion: '0.1',
	source: 'https://example.okta.com/api/v1/eventHooks/who1',
	eventId: 'b5a188b9-5ece-4636-b041-482ffda96311',
	eventTime: '2026-11-28T10:00:01.000Z',
	contentType: 'application/json',
	data: { events },
});

async function deliver(body: unknown, headers: Record<string, string> = { authorization: SECRET }, rawBody?: Buffer, mode: 'webhook' | 'manual' = 'webhook') {
	return await runWebhook({
		node,
		parameters,
		staticData,
		mode,
		webhookName: 'default',
		request: { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, ...(rawBody ? { rawBody } : {}) },
	});
}

async function challenge(headers: Record<string, string>) {
	return await runWebhook({ node, parameters, staticData, webhookName: 'setup', request: { method: 'GET', headers } });
}

describe('verification GET (setup webhook)', () => {
	it('echoes the challenge as {"verification": ...} and starts nothing', async () => {
		const result = await challenge({ 'x-okta-verification-challenge': 'Dr3bpK9JMvx6oMtxR0g6K5s1eGzxsOjGqvVyv6E4qfk' });
		expect(result.response).toMatchObject({ statusCode: 200, body: { verification: 'Dr3bpK9JMvx6oMtxR0g6K5s1eGzxsOjGqvVyv6E4qfk' }, ended: true });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData).toBeUndefined();
	});

	it('answers while the new hook is being activated, before its secret is saved', async () => {
		staticData = { hooks: [hookRecord('old', OLD_SECRET)] };
		const result = await challenge({ 'x-okta-verification-challenge': 'abc', authorization: SECRET });
		expect(result.response).toMatchObject({ statusCode: 200, body: { verification: 'abc' } });
	});

	it.each([
		['no challenge header', {}],
		['an empty challenge', { 'x-okta-verification-challenge': '' }],
		['an oversized challenge', { 'x-okta-verification-challenge': 'x'.repeat(2000) }],
		['control characters', { 'x-okta-verification-challenge': 'abc\u0001def' }],
	])('refuses %s with 400', async (_label, headers) => {
		const result = await challenge(headers as Record<string, string>);
		expect(result.response.statusCode).toBe(400);
		expect(result.response.body).toEqual({ error: 'Missing or invalid x-okta-verification-challenge header' });
		expect(result.workflowData).toBeUndefined();
	});
});

describe('delivery POST (default webhook): authentication', () => {
	it('starts the workflow with one item per event when the Authorization header is the hook secret', async () => {
		const result = await deliver(envelope([event('u-1'), event('u-2', { eventType: 'group.user_membership.add' })]));
		expect(result.response.ended).toBe(false);
		expect(result.workflowData).toEqual([[{ json: event('u-1') }, { json: event('u-2', { eventType: 'group.user_membership.add' }) }]]);
	});

	it.each([
		['missing', {}],
		['empty', { authorization: '' }],
		['wrong, same length', { authorization: 'x'.repeat(SECRET.length) }],
		['of a different length', { authorization: `${SECRET}=` }],
		['a prefix of the secret', { authorization: SECRET.slice(0, 20) }],
		['in a different case', { authorization: SECRET.toUpperCase() }],
		['from an old rotated hook', { authorization: OLD_SECRET }],
		['with a scheme in front', { authorization: `Bearer ${SECRET}` }],
	])('answers 401 without starting the workflow when the secret is %s', async (_label, headers) => {
		const result = await deliver(envelope([event('u-1')]), headers as Record<string, string>);
		expect(result.response).toMatchObject({ statusCode: 401, body: { error: 'Unauthorized' }, ended: true });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData).toBeUndefined();
		expect(staticData).toEqual({ hooks: [hookRecord('who1', SECRET)] });
	});

	it('refuses everything when no hook is recorded (deactivated workflow, or hook data lost)', async () => {
		staticData = {};
		expect((await deliver(envelope([event('u-1')]))).response.statusCode).toBe(401);
		staticData = { hooks: [{ ...hookRecord('bad', SECRET), secretSha256: 'not-a-hash' }] };
		expect((await deliver(envelope([event('u-1')]))).response.statusCode).toBe(401);
	});

	it('accepts each hook\'s secret only on its own path: production on /webhook, test on /webhook-test', async () => {
		staticData = { hooks: [hookRecord('who1', SECRET), hookRecord('who2', OLD_SECRET, 'test')] };
		expect((await deliver(envelope([event('u-1')]))).workflowData).toHaveLength(1);
		expect((await deliver(envelope([event('u-2')]), { authorization: OLD_SECRET }, undefined, 'manual')).workflowData).toHaveLength(1);
		const testSecretOnProduction = await deliver(envelope([event('u-3')]), { authorization: OLD_SECRET });
		const productionSecretOnTest = await deliver(envelope([event('u-4')]), { authorization: SECRET }, undefined, 'manual');
		for (const refused of [testSecretOnProduction, productionSecretOnTest]) {
			expect(refused.response).toMatchObject({ statusCode: 401, body: { error: 'Unauthorized' } });
			expect(refused.workflowData).toBeUndefined();
		}
	});

	it('never puts the secret in a response or an item', async () => {
		const accepted = await deliver(envelope([event('u-1')]));
		const refused = await deliver(envelope([event('u-2')]), { authorization: `${SECRET}x` });
		expect(JSON.stringify([accepted, refused])).not.toContain(SECRET);
		expect(JSON.stringify(staticData)).not.toContain(SECRET);
	});
});

describe('delivery POST: malformed bodies get 4xx and start nothing', () => {
	const cases: Array<[string, unknown]> = [
		['a string', 'not json'],
		['an array', [event('u-1')]],
		['null', null],
		['an empty object', {}],
		['no data', { eventType: 'com.okta.event_hook' }],
		['data.events not a list', { data: { events: { uuid: 'u-1' } } }],
		['an event that is not an object', { data: { events: ['user.lifecycle.create'] } }],
		['a null event', { data: { events: [null] } }],
	];
	it.each(cases)('refuses %s with 400', async (_label, body) => {
		const result = await deliver(body);
		expect(result.response.statusCode).toBe(400);
		expect(result.response.body).toEqual({ error: expect.any(String) });
		expect(result.workflowData).toBeUndefined();
	});

	it('refuses bodies nested deeper than the limit, however deep, without recursion', async () => {
		const nest = (levels: number) => {
			const root: IDataObject = {};
			let cursor = root;
			for (let i = 0; i < levels; i++) {
				cursor.next = {};
				cursor = cursor.next as IDataObject;
			}
			return root;
		};
		const deep = await deliver(envelope([event('u-1', { debugContext: nest(200_000) })]), undefined, Buffer.from('{}'));
		expect(deep.response).toMatchObject({ statusCode: 400, body: { error: `Payload nested deeper than ${MAX_DEPTH} levels` } });
		const fine = await deliver(envelope([event('u-2', { debugContext: nest(10) })]));
		expect(fine.workflowData).toHaveLength(1);
	});

	it('refuses bodies over 5 MB with 413, by Content-Length or by the bytes received', async () => {
		const byHeader = await deliver(envelope([event('u-1')]), { authorization: SECRET, 'content-length': String(MAX_BODY_BYTES + 1) });
		expect(byHeader.response).toMatchObject({ statusCode: 413 });
		const huge = envelope([event('u-2', { blob: 'x'.repeat(MAX_BODY_BYTES) })]);
		const byBytes = await deliver(huge, undefined, Buffer.from(JSON.stringify(huge)));
		expect(byBytes.response).toMatchObject({ statusCode: 413 });
		expect(byBytes.workflowData).toBeUndefined();
	});

	it('refuses a body that is not JSON with 415', async () => {
		const result = await deliver('eventType=com.okta.event_hook', { authorization: SECRET, 'content-type': 'text/plain' });
		expect(result.response.statusCode).toBe(415);
		const charset = await deliver(envelope([event('u-1')]), { authorization: SECRET, 'content-type': 'application/json; charset=utf-8' });
		expect(charset.workflowData).toHaveLength(1);
	});

	it('checks the secret before looking at the body', async () => {
		const result = await deliver('garbage', { authorization: 'wrong', 'content-length': String(MAX_BODY_BYTES * 3) });
		expect(result.response.statusCode).toBe(401);
	});
});

describe('delivery POST: de-duplication', () => {
	it('drops an event uuid this process already saw from the hook, answering 200 so Okta does not retry', async () => {
		const stored = structuredClone(staticData);
		expect((await deliver(envelope([event('u-1')]))).workflowData).toHaveLength(1);
		const replay = await deliver(envelope([event('u-1')]));
		expect(replay.workflowData).toBeUndefined();
		expect(replay.response).toMatchObject({ statusCode: 200, body: { received: 1, duplicates: 1 } });
		const mixed = await deliver(envelope([event('u-1'), event('u-2')]));
		expect(mixed.workflowData?.[0].map((item) => item.json.uuid)).toEqual(['u-2']);
		// Nothing goes to static data: n8n would not save it for a delivery that starts the workflow.
		expect(staticData).toEqual(stored);
	});

	it('forgets everything with the process: after a restart the same delivery starts the workflow again', async () => {
		expect((await deliver(envelope([event('u-1')]))).workflowData).toHaveLength(1);
		forgetInProcessClaims();
		expect((await deliver(envelope([event('u-1')]))).workflowData).toHaveLength(1);
	});

	it('drops the second of two copies that arrive together, each request reading static data before either saved it', async () => {
		const copies = [structuredClone(staticData), structuredClone(staticData)];
		const results = await Promise.all(
			copies.map(async (copy) =>
				await runWebhook({ node, parameters, staticData: copy, webhookName: 'default', request: { method: 'POST', headers: { 'content-type': 'application/json', authorization: SECRET }, body: envelope([event('u-1')]) } }),
			),
		);
		expect(results.map((result) => result.workflowData?.[0].length ?? 0).sort()).toEqual([0, 1]);
		expect(results.find((result) => result.workflowData === undefined)?.response).toMatchObject({ statusCode: 200, body: { received: 1, duplicates: 1 } });
	});

	it('drops a uuid repeated inside one delivery, and lets events without uuid through', async () => {
		const result = await deliver(envelope([event('u-1'), event('u-1'), event(undefined), event(undefined)]));
		expect(result.workflowData?.[0].map((item) => item.json.uuid)).toEqual(['u-1', undefined, undefined]);
	});

	it('keeps at most 1000 uuids, oldest out first', async () => {
		const first = Array.from({ length: DEDUPE_MAX_ENTRIES + 5 }, (_, index) => event(`bulk-${index}`));
		expect((await deliver(envelope(first))).workflowData?.[0]).toHaveLength(DEDUPE_MAX_ENTRIES + 5);
		expect((await deliver(envelope([event('bulk-0'), event('bulk-5'), event('bulk-1004')]))).workflowData?.[0].map((item) => item.json.uuid)).toEqual(['bulk-0']);
	});

	it('forgets uuids after 24 hours', async () => {
		const now = jest.spyOn(Date, 'now');
		try {
			now.mockReturnValue(1_000_000);
			await deliver(envelope([event('u-1')]));
			now.mockReturnValue(1_000_000 + DEDUPE_WINDOW_MS - 1);
			expect((await deliver(envelope([event('u-1')]))).workflowData).toBeUndefined();
			now.mockReturnValue(1_000_000 + DEDUPE_WINDOW_MS + 1);
			expect((await deliver(envelope([event('u-1')]))).workflowData).toHaveLength(1);
		} finally {
			now.mockRestore();
		}
	});

	it('treats odd uuids as plain strings (no prototype games) and ignores over-long ones', async () => {
		expect((await deliver(envelope([event('__proto__')]))).workflowData).toHaveLength(1);
		expect((await deliver(envelope([event('__proto__')]))).workflowData).toBeUndefined();
		expect(({} as IDataObject).polluted).toBeUndefined();
		const long = 'x'.repeat(500);
		await deliver(envelope([event(long)]));
		expect((await deliver(envelope([event(long)]))).workflowData).toHaveLength(1);
	});

	it('keeps every event and remembers nothing when de-duplication is off', async () => {
		parameters.options = { deduplicate: false };
		await deliver(envelope([event('u-1')]));
		expect((await deliver(envelope([event('u-1'), event('u-1')]))).workflowData?.[0]).toHaveLength(2);
		expect(staticData).toEqual({ hooks: [hookRecord('who1', SECRET)] });
	});
});

describe('delivery POST: one window per hook', () => {
	beforeEach(() => {
		staticData = { hooks: [hookRecord('who1', SECRET), hookRecord('who2', OLD_SECRET, 'test')] };
	});

	it('runs the production delivery of an event the test hook already delivered', async () => {
		expect((await deliver(envelope([event('u-1')]), { authorization: OLD_SECRET }, undefined, 'manual')).workflowData).toHaveLength(1);
		expect((await deliver(envelope([event('u-1')]))).workflowData).toHaveLength(1);
		expect((await deliver(envelope([event('u-1')]))).workflowData).toBeUndefined();
	});

	it('answers a test-path delivery without changing what n8n would save (test webhooks never save static data)', async () => {
		const stored = structuredClone(staticData);
		expect((await deliver(envelope([event('u-2')]), { authorization: OLD_SECRET }, undefined, 'manual')).workflowData).toHaveLength(1);
		expect(staticData).toEqual(stored);
	});
});

describe('delivery POST: output', () => {
	it('one item per delivery keeps Okta\'s envelope, with only the new events', async () => {
		parameters.options = { outputMode: 'delivery' };
		await deliver(envelope([event('u-1')]));
		const result = await deliver(envelope([event('u-1'), event('u-2')]));
		expect(result.workflowData).toEqual([[{ json: envelope([event('u-2')]) }]]);
	});
});
