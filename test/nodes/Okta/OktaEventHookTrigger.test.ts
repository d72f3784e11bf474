import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { forgetInProcessClaims } from '../../../nodes/Okta/trigger/state';
import { OktaEventHookTrigger } from '../../../nodes/Okta/OktaEventHookTrigger.node';
import { HARNESS_WORKFLOW, runWebhookMethod, type TestCredential } from '../../helpers/n8n';
import { startSandbox, type Sandbox } from '../../sandbox';
import { hookUrlFor, startN8nStandIn, type N8nStandIn } from './trigger/n8nStandIn';

/**
 * End to end: the trigger's webhookMethods register a hook in the Okta sandbox; the sandbox performs the real
 * verification GET and POSTs deliveries to an n8n stand-in on 127.0.0.1, which runs the node's webhook()
 * through n8n-core's WebhookContext with the shared static data. API changes in the sandbox reach the
 * trigger as items.
 */

const node = new OktaEventHookTrigger();
let okta: Sandbox;
let n8n: N8nStandIn;
let staticData: IDataObject;
let parameters: INodeParameters;

const credentials = (): TestCredential => ({ type: 'oktaDirectoryApiTokenApi', data: { domain: okta.baseUrl, apiToken: okta.apiToken } });

beforeAll(async () => {
	okta = await startSandbox({ seed: 'empty', deliveryBatchMs: 20 });
	n8n = await startN8nStandIn({ node, parameters: () => parameters, credentials, staticData: () => staticData });
});

afterAll(async () => {
	await n8n.close();
	await okta.close();
});

beforeEach(() => {
	forgetInProcessClaims();
	okta.reset('empty');
	okta.events.forceDuplicateDelivery(false);
	okta.events.attempts.length = 0;
	n8n.executions.length = 0;
	n8n.requests.length = 0;
	n8n.answerChallengeWrongly = false;
	staticData = {};
	parameters = { events: ['user.lifecycle.create', 'group.user_membership.add'] };
});

const hookMethod = async (method: 'checkExists' | 'create' | 'delete', mode: 'trigger' | 'manual' = 'trigger') =>
	await runWebhookMethod({
		node,
		method,
		parameters,
		credentials: credentials(),
		staticData,
		webhookUrl: mode === 'manual' ? n8n.testBase : n8n.productionBase,
		mode,
	});

/** What n8n does on activation: checkExists, then create when it says false. */
async function activate(mode: 'trigger' | 'manual' = 'trigger'): Promise<void> {
	if (!(await hookMethod('checkExists', mode))) expect(await hookMethod('create', mode)).toBe(true);
}

async function api(method: string, path: string, body?: unknown): Promise<IDataObject> {
	const response = await fetch(`${okta.baseUrl}${path}`, {
		method,
		headers: { authorization: `SSWS ${okta.apiToken}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
	return response.status === 204 ? {} : ((await response.json()) as IDataObject);
}

const createUser = async (login: string) =>
	await api('POST', '/api/v1/users?activate=false', { profile: { firstName: 'Ada', lastName: 'Lovelace', email: login, login } });

const hooks = () => [...okta.state.eventHooks.values()];
const secretOf = (index = 0) => hooks()[index].channel.config.authScheme!.value;

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: unknown }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: response.status, body: await response.json().catch(() => undefined) };
}

describe('Okta Event Hook Trigger (end to end against the Okta sandbox)', () => {
	it('activation creates an ACTIVE, VERIFIED hook for this webhook URL, answering the real GET challenge', async () => {
		await activate();
		expect(hooks()).toHaveLength(1);
		const [hook] = hooks();
		expect(hook).toMatchObject({
			status: 'ACTIVE',
			verificationStatus: 'VERIFIED',
			name: `n8n: ${HARNESS_WORKFLOW.name} (${HARNESS_WORKFLOW.id})`,
			events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'group.user_membership.add'] },
			channel: { type: 'HTTP', version: '1.0.0', config: { uri: hookUrlFor(n8n.productionBase), authScheme: { type: 'HEADER', key: 'Authorization' } } },
		});
		expect(secretOf()).toMatch(/^[A-Za-z0-9_-]{43}$/);
		// The GET verification went through the 'setup' webhook and started nothing.
		expect(n8n.requests).toEqual([expect.objectContaining({ method: 'GET', status: 200, started: false })]);
		expect(okta.requestLog.filter((entry) => entry.path.startsWith('/api/v1/eventHooks')).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
			'GET /api/v1/eventHooks 200',
			'POST /api/v1/eventHooks 200',
			`POST /api/v1/eventHooks/${hook.id}/lifecycle/verify 200`,
		]);
		expect(okta.requestLog.every((entry) => entry.validation === 'passed' && !entry.responseValidation)).toBe(true);
		// Static data holds the hook id, never the secret.
		expect(staticData.hooks).toEqual([expect.objectContaining({ id: hook.id, kind: 'production', url: hookUrlFor(n8n.productionBase) })]);
		expect(JSON.stringify(staticData)).not.toContain(secretOf());
		// n8n calls checkExists again at startup: the hook is found, nothing is recreated.
		expect(await hookMethod('checkExists')).toBe(true);
		expect(hooks()).toHaveLength(1);
	});

	it('creating a user and adding them to a group reach the trigger as one item per Okta event', async () => {
		await activate();
		const user = await createUser('ada@example.com');
		const group = await api('POST', '/api/v1/groups', { profile: { name: 'Engineering', description: 'Builders' } });
		await api('PUT', `/api/v1/groups/${String(group.id)}/users/${String(user.id)}`);
		await okta.events.flush();

		const items = n8n.executions.flat();
		expect(items.map((item) => item.json.eventType)).toEqual(['user.lifecycle.create', 'group.user_membership.add']);
		const [created, added] = items.map((item) => item.json);
		expect(created).toMatchObject({
			uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
			published: expect.any(String),
			eventType: 'user.lifecycle.create',
			displayMessage: 'Create Okta user',
			severity: 'INFO',
			outcome: { result: 'SUCCESS' },
			actor: expect.objectContaining({ type: expect.any(String) }),
			target: [expect.objectContaining({ id: user.id, type: 'User', alternateId: 'ada@example.com' })],
		});
		expect(added.target).toEqual(
			expect.arrayContaining([expect.objectContaining({ id: user.id, type: 'User' }), expect.objectContaining({ id: group.id, type: 'UserGroup', displayName: 'Engineering' })]),
		);
		// Not subscribed: the group creation itself.
		expect(items.some((item) => item.json.eventType === 'group.lifecycle.create')).toBe(false);
		expect(okta.events.attempts.every((attempt) => attempt.status === 200)).toBe(true);
		expect(JSON.stringify(n8n.executions)).not.toContain(secretOf());
	});

	it('emits one item per delivery when asked, with Okta\'s envelope', async () => {
		parameters.options = { outputMode: 'delivery' };
		await activate();
		const user = await createUser('grace@example.com');
		const group = await api('POST', '/api/v1/groups', { profile: { name: 'Ops' } });
		await api('PUT', `/api/v1/groups/${String(group.id)}/users/${String(user.id)}`);
		await okta.events.flush();
		// One item per delivery; the sandbox batches events 20 ms apart into one delivery, so on a busy machine the two may come in two.
		expect(n8n.executions.map((items) => items.length)).toEqual(okta.events.attempts.map(() => 1));
		const envelopes = n8n.executions.map((items) => items[0].json);
		for (const envelope of envelopes) {
			expect(envelope).toMatchObject({ eventType: 'com.okta.event_hook', cloudEventsVersion: '0.1', source: expect.stringContaining(`/api/v1/eventHooks/${hooks()[0].id}`) });
		}
		expect(envelopes.flatMap((envelope) => ((envelope.data as IDataObject).events as IDataObject[]).map((event) => event.eventType))).toEqual(['user.lifecycle.create', 'group.user_membership.add']);
	});

	it('drops a duplicate delivery (Okta delivers at least once), and keeps it with de-duplication off', async () => {
		await activate();
		okta.events.forceDuplicateDelivery(true);
		await createUser('dup1@example.com');
		await okta.events.flush();
		expect(okta.events.attempts).toHaveLength(2);
		expect(okta.events.attempts.every((attempt) => attempt.status === 200)).toBe(true);
		expect(n8n.executions).toHaveLength(1);

		parameters.options = { deduplicate: false };
		await createUser('dup2@example.com');
		await okta.events.flush();
		expect(n8n.executions).toHaveLength(3);
	});

	it('refuses forged deliveries with 401 without starting the workflow', async () => {
		await activate();
		const secret = secretOf();
		const url = hookUrlFor(n8n.productionBase);
		const envelope = { eventType: 'com.okta.event_hook', data: { events: [{ uuid: 'a7c4a3b2-0000-4000-8000-000000000001', eventType: 'user.lifecycle.create' }] } };
		const forged: Record<string, Record<string, string>> = {
			missing: {},
			empty: { authorization: '' },
			wrong: { authorization: 'x'.repeat(secret.length) },
			'different length': { authorization: `${secret}x` },
			prefix: { authorization: secret.slice(0, -1) },
			'different case': { authorization: secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase() },
			'with a scheme': { authorization: `Bearer ${secret}` },
		};
		for (const [label, headers] of Object.entries(forged)) {
			const response = await post(url, headers, envelope);
			expect({ label, status: response.status, body: response.body }).toEqual({ label, status: 401, body: { error: 'Unauthorized' } });
		}
		expect(n8n.executions).toHaveLength(0);

		// An old hook's secret is refused after the workflow was deactivated and activated again.
		await hookMethod('delete');
		await activate();
		expect((await post(url, { authorization: secret }, envelope)).status).toBe(401);
		expect((await post(url, { authorization: secretOf() }, envelope)).status).toBe(200);
		expect(n8n.executions).toHaveLength(1);
	});

	it('deactivation leaves no hook behind, and tolerates a hook already deleted in Okta', async () => {
		await activate();
		expect(await hookMethod('delete')).toBe(true);
		expect(hooks()).toHaveLength(0);
		expect(staticData).toEqual({});
		const calls = okta.requestLog.filter((entry) => entry.path.startsWith('/api/v1/eventHooks')).map((entry) => `${entry.method} ${entry.status}`);
		expect(calls.slice(-3)).toEqual(['POST 200', 'DELETE 204', 'GET 200']);

		await activate();
		okta.state.eventHooks.clear();
		expect(await hookMethod('delete')).toBe(true);
		expect(staticData).toEqual({});
		// And deliveries to the old URL are refused once the hook is gone.
		expect((await post(hookUrlFor(n8n.productionBase), { authorization: 'anything' }, { data: { events: [] } })).status).toBe(401);
	});

	it('a verification failure removes the half-made hook and explains why', async () => {
		n8n.answerChallengeWrongly = true;
		const error = await hookMethod('create').catch((caught: Error & { description?: string }) => caught);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/^Okta could not verify the event hook at http:\/\/127\.0\.0\.1:\d+\/webhook\/okta-test-webhook\/okta-events: /);
		expect((error as Error).message).toMatch(/did not echo the verification challenge/);
		expect((error as { description?: string }).description).toMatch(/WEBHOOK_URL/);
		expect((error as { description?: string }).description).toMatch(/half-made hook was removed/);
		expect(hooks()).toHaveLength(0);
		expect(staticData).toEqual({});
	});

	it('a verification failure because n8n is unreachable cleans up too', async () => {
		await n8n.close();
		try {
			await expect(hookMethod('create')).rejects.toThrow(/Okta could not verify the event hook .*could not connect/);
			expect(hooks()).toHaveLength(0);
		} finally {
			n8n = await startN8nStandIn({ node, parameters: () => parameters, credentials, staticData: () => staticData });
		}
	});

	it('listening for a test event registers a test hook on the test URL and removes it when listening ends', async () => {
		await activate();
		const production = hooks()[0];
		// n8n hands test listening a copy of the static data; the production hook is in it.
		const productionData = structuredClone(staticData);

		await activate('manual');
		expect(hooks()).toHaveLength(2);
		const test = hooks().find((hook) => hook.id !== production.id)!;
		expect(test).toMatchObject({ verificationStatus: 'VERIFIED', name: `n8n: ${HARNESS_WORKFLOW.name} (${HARNESS_WORKFLOW.id}) [test]`, channel: { config: { uri: hookUrlFor(n8n.testBase) } } });

		await createUser('test-event@example.com');
		await okta.events.flush();
		// Both hooks deliver: the production workflow and the test listener each get the event.
		expect(n8n.requests.filter((request) => request.method === 'POST').map((request) => `${request.path.split('/')[1]} ${request.status}`).sort()).toEqual([
			'webhook 200',
			'webhook-test 200',
		]);

		expect(await hookMethod('delete', 'manual')).toBe(true);
		expect(hooks().map((hook) => hook.id)).toEqual([production.id]);
		expect(okta.state.eventHooks.get(production.id)).toMatchObject({ status: 'ACTIVE' });

		staticData = productionData;
		expect(await hookMethod('checkExists')).toBe(true);
		await hookMethod('delete');
		expect(hooks()).toHaveLength(0);
	});
});

describe('Okta Event Hook Trigger: production and test hooks at once', () => {
	/** Activates the workflow, then listens for a test event: two hooks, one secret each, one event stream. */
	async function bothHooks() {
		await activate();
		const productionData = structuredClone(staticData);
		await activate('manual');
		const [production, test] = ['production', 'test'].map((kind) => (staticData.hooks as Array<{ id: string; kind: string }>).find((hook) => hook.kind === kind)!);
		const secretFor = (id: string) => okta.state.eventHooks.get(id)!.channel.config.authScheme!.value;
		return { productionData, production: { ...production, secret: secretFor(production.id) }, test: { ...test, secret: secretFor(test.id) } };
	}
	const delivery = (uuid: string) => ({ eventType: 'com.okta.event_hook', data: { events: [{ uuid, eventType: 'user.lifecycle.create' }] } });
	const started = () => n8n.requests.filter((request) => request.started).map((request) => request.path.split('/')[1]);

	it('still runs the production workflow when the test hook\'s copy of the same event arrives first', async () => {
		const { production, test } = await bothHooks();
		expect((await post(hookUrlFor(n8n.testBase), { authorization: test.secret }, delivery('same-uuid-1'))).status).toBe(200);
		expect((await post(hookUrlFor(n8n.productionBase), { authorization: production.secret }, delivery('same-uuid-1'))).status).toBe(200);
		expect(started()).toEqual(['webhook-test', 'webhook']);
		// Each path still drops its own repeat.
		expect((await post(hookUrlFor(n8n.productionBase), { authorization: production.secret }, delivery('same-uuid-1'))).body).toEqual({ received: 1, duplicates: 1 });
		expect(started()).toEqual(['webhook-test', 'webhook']);
	});

	it('also when Okta itself delivers the one event to both hooks', async () => {
		await bothHooks();
		await createUser('both-hooks@example.com');
		await okta.events.flush();
		const posts = okta.events.attempts.map((attempt) => attempt.status);
		expect(posts).toEqual([200, 200]);
		expect(started().sort()).toEqual(['webhook', 'webhook-test']);
		expect(n8n.executions.map((items) => items.map((item) => item.json.uuid))).toEqual([[okta.events.attempts[0].eventIds[0]], [okta.events.attempts[0].eventIds[0]]]);
	});

	it('refuses the production secret on the test path and the test secret on the production path with 401', async () => {
		const { production, test } = await bothHooks();
		expect(await post(hookUrlFor(n8n.testBase), { authorization: production.secret }, delivery('cross-1'))).toEqual({ status: 401, body: { error: 'Unauthorized' } });
		expect(await post(hookUrlFor(n8n.productionBase), { authorization: test.secret }, delivery('cross-2'))).toEqual({ status: 401, body: { error: 'Unauthorized' } });
		expect(started()).toEqual([]);
		// The right secret on the right path is accepted.
		expect((await post(hookUrlFor(n8n.productionBase), { authorization: production.secret }, delivery('cross-3'))).status).toBe(200);
		expect((await post(hookUrlFor(n8n.testBase), { authorization: test.secret }, delivery('cross-3'))).status).toBe(200);
		expect(started()).toEqual(['webhook', 'webhook-test']);
	});
});

describe('Okta Event Hook Trigger description', () => {
	it('is a trigger that is easy to tell apart from the built-in Okta node', () => {
		const { description } = node;
		expect(description).toMatchObject({
			name: 'oktaEventHookTrigger',
			displayName: 'Okta Event Hook Trigger',
			group: ['trigger'],
			version: 1,
			inputs: [],
			icon: { light: 'file:oktaEventHook.svg', dark: 'file:oktaEventHook.dark.svg' },
		});
		expect(description.credentials?.map((credential) => credential.name)).toEqual(['oktaDirectoryApiTokenApi', 'oktaDirectoryOAuth2Api', 'oktaDirectoryServiceAppApi']);
		expect(description.properties[0].name).toBe('authentication');
	});

	it('serves the verification GET and the deliveries on one path, with lifecycle methods on default', () => {
		expect(node.description.webhooks).toEqual([
			expect.objectContaining({ name: 'setup', httpMethod: 'GET', path: 'okta-events', responseMode: 'onReceived' }),
			expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'okta-events', responseMode: 'onReceived' }),
		]);
		expect(Object.keys(node.webhookMethods)).toEqual(['default']);
		expect(Object.keys(node.webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
	});

	it('shows the chosen events as subtitle', () => {
		const subtitle = (parameters: INodeParameters) => {
			const trigger = { id: '1', name: 'Okta', type: 'n8n-nodes-okta.oktaEventHookTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters };
			const nodeTypes = { getByName: () => node, getByNameAndVersion: () => node, getKnownTypes: () => ({}) } as never;
			const workflow = new Workflow({ nodes: [trigger], connections: {}, active: false, nodeTypes });
			return workflow.expression.getSimpleParameterValue(trigger, node.description.subtitle as string, 'internal', {});
		};
		expect(subtitle({ events: ['user.lifecycle.create'], customEvents: 'device.user.add, user.session.start' })).toBe('user.lifecycle.create, device.user.add, user.session.start');
		expect(subtitle({ events: [], customEvents: '' })).toBe('');
	});
});
