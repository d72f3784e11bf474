import { generateKeyPairSync } from 'node:crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OktaEventHookTrigger } from '../../../../nodes/Okta/OktaEventHookTrigger.node';
import { unreachableReason } from '../../../../nodes/Okta/trigger/eventHook';
import { runWebhookMethod, type TestCredential } from '../../../helpers/n8n';
import { startSandbox, type Sandbox } from '../../../sandbox';
import type { SandboxEventHook } from '../../../sandbox/context';
import { hookUrlFor, startN8nStandIn, type N8nStandIn } from './n8nStandIn';

/**
 * webhookMethods.default (checkExists / create / delete) through n8n-core's HookContext against the Okta
 * sandbox, which verifies hooks with a real GET to the n8n stand-in: the cases around the happy path.
 */

const node = new OktaEventHookTrigger();
let okta: Sandbox;
let n8n: N8nStandIn;
let staticData: IDataObject;
let parameters: INodeParameters;
let credential: () => TestCredential;

const apiToken = (): TestCredential => ({ type: 'oktaDirectoryApiTokenApi', data: { domain: okta.baseUrl, apiToken: okta.apiToken } });

beforeAll(async () => {
	okta = await startSandbox({ seed: 'empty', deliveryBatchMs: 20 });
	n8n = await startN8nStandIn({ node, parameters: () => parameters, credentials: () => credential(), staticData: () => staticData });
});

afterAll(async () => {
	await n8n.close();
	await okta.close();
});

beforeEach(() => {
	okta.reset('empty');
	n8n.answerChallengeWrongly = false;
	staticData = {};
	parameters = { events: ['device.lifecycle.deactivate'] };
	credential = apiToken;
});

const hookMethod = async (method: 'checkExists' | 'create' | 'delete', opts: { mode?: 'trigger' | 'manual'; base?: string } = {}) =>
	await runWebhookMethod({
		node,
		method,
		parameters,
		credentials: credential(),
		staticData,
		webhookUrl: opts.base ?? (opts.mode === 'manual' ? n8n.testBase : n8n.productionBase),
		mode: opts.mode ?? 'trigger',
	});

async function activate(opts: { mode?: 'trigger' | 'manual'; base?: string } = {}): Promise<void> {
	if (!(await hookMethod('checkExists', opts))) await hookMethod('create', opts);
}

const hooks = () => [...okta.state.eventHooks.values()];
const recorded = () => (staticData.hooks ?? []) as IDataObject[];
const eventHookCalls = () => okta.requestLog.filter((entry) => entry.path.startsWith('/api/v1/eventHooks')).map((entry) => `${entry.method} ${entry.path}`);

/** A hook as Okta would hold it, made outside the trigger (another tool, or a lost id). */
function plantHook(uri: string, overrides: Partial<SandboxEventHook> = {}): SandboxEventHook {
	const hook: SandboxEventHook = {
		id: `who${Math.random().toString(36).slice(2, 12)}`,
		name: 'planted',
		description: null,
		status: 'ACTIVE',
		verificationStatus: 'VERIFIED',
		created: new Date().toISOString(),
		lastUpdated: new Date().toISOString(),
		createdBy: 'someone',
		events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
		channel: { type: 'HTTP', version: '1.0.0', config: { uri, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: 'planted-secret' } } },
		...overrides,
	} as SandboxEventHook;
	okta.state.eventHooks.set(hook.id, hook);
	return hook;
}

describe('checkExists', () => {
	it('says false without calling Okta when nothing is recorded', async () => {
		expect(await hookMethod('checkExists')).toBe(false);
		expect(eventHookCalls()).toEqual([]);
	});

	it('forgets a hook deleted in Okta', async () => {
		await activate();
		okta.state.eventHooks.clear();
		expect(await hookMethod('checkExists')).toBe(false);
		expect(recorded()).toEqual([]);
	});

	it.each([
		['deactivated in Okta', (hook: SandboxEventHook) => (hook.status = 'INACTIVE')],
		['no longer verified', (hook: SandboxEventHook) => (hook.verificationStatus = 'UNVERIFIED')],
		['pointing at another URL', (hook: SandboxEventHook) => (hook.channel.config.uri = 'https://elsewhere.example.com/hook')],
	])('replaces a hook %s: the old one is removed, not left behind', async (_label, change) => {
		await activate();
		const first = hooks()[0];
		change(first);
		expect(await hookMethod('checkExists')).toBe(false);
		expect(okta.state.eventHooks.has(first.id)).toBe(false);
		await hookMethod('create');
		expect(hooks()).toHaveLength(1);
		expect(hooks()[0]).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED' });
	});

	it('replaces the hook when the subscribed events change', async () => {
		await activate();
		const first = hooks()[0].id;
		parameters = { events: ['device.lifecycle.deactivate', 'device.lifecycle.suspend'] };
		expect(await hookMethod('checkExists')).toBe(false);
		expect(okta.state.eventHooks.has(first)).toBe(false);
		await hookMethod('create');
		expect(hooks()[0].events.items).toEqual(['device.lifecycle.deactivate', 'device.lifecycle.suspend']);
	});

	it('replaces the hook when n8n\'s public URL (WEBHOOK_URL) changed since activation', async () => {
		// The state a restart finds: a hook for the old public URL.
		const old = plantHook('https://old.example.com/webhook/okta-test-webhook/okta-events', { events: { type: 'EVENT_TYPE', items: ['device.lifecycle.deactivate'] } });
		staticData = { hooks: [{ id: old.id, url: old.channel.config.uri, kind: 'production', secretSha256: '0'.repeat(64), events: ['device.lifecycle.deactivate'], createdAt: 1 }] };
		expect(await hookMethod('checkExists')).toBe(false);
		expect(okta.state.eventHooks.has(old.id)).toBe(false);
		await hookMethod('create');
		expect(hooks().map((hook) => hook.channel.config.uri)).toEqual([hookUrlFor(n8n.productionBase)]);
	});
});

describe('create', () => {
	it('sends Okta the hook as the spec wants it, with filters and custom event types', async () => {
		parameters = {
			events: ['group.user_membership.add'],
			customEvents: 'user.lifecycle.create; user.lifecycle.create,  app.future.event_type',
			options: {
				hookName: 'Joiner automation',
				eventFilters: { filter: [{ eventType: 'group.user_membership.add', expression: "event.target.?[type eq 'UserGroup' && displayName eq 'Engineering'].size() > 0" }] },
			},
		};
		await activate();
		const [hook] = hooks();
		expect(hook).toMatchObject({
			name: 'Joiner automation',
			events: {
				type: 'EVENT_TYPE',
				items: ['group.user_membership.add', 'user.lifecycle.create', 'app.future.event_type'],
				filter: { eventFilterMap: [{ event: 'group.user_membership.add', condition: { expression: "event.target.?[type eq 'UserGroup' && displayName eq 'Engineering'].size() > 0" } }] },
			},
		});
		expect(okta.requestLog.every((entry) => entry.validation === 'passed')).toBe(true);
	});

	it.each([
		['no event type at all', { events: [], customEvents: '' }, /Choose at least one event type/],
		['a malformed custom type', { events: [], customEvents: 'user created' }, /Custom Event Types: "user" is not an Okta event type/],
		['a filter on an event not subscribed', { events: ['user.lifecycle.create'], options: { eventFilters: { filter: [{ eventType: 'group.user_membership.add', expression: 'true' }] } } }, /not one of the event types/],
		['a filter without expression', { events: ['user.lifecycle.create'], options: { eventFilters: { filter: [{ eventType: 'user.lifecycle.create', expression: ' ' }] } } }, /needs an event type and an expression/],
		[
			'two filters for one event type',
			{ events: ['user.lifecycle.create'], options: { eventFilters: { filter: [{ eventType: 'user.lifecycle.create', expression: 'a' }, { eventType: 'user.lifecycle.create', expression: 'b' }] } } },
			/more than one filter/,
		],
	])('refuses %s before calling Okta', async (_label, params, message) => {
		parameters = params as INodeParameters;
		await expect(hookMethod('create')).rejects.toThrow(message);
		expect(eventHookCalls()).toEqual([]);
	});

	it('removes hooks Okta still has at this URL (an id lost when n8n stopped mid-activation), and no others', async () => {
		const lost = plantHook(hookUrlFor(n8n.productionBase));
		const foreign = plantHook('https://other-tool.example.com/okta');
		await activate();
		expect(okta.state.eventHooks.has(lost.id)).toBe(false);
		expect(okta.state.eventHooks.has(foreign.id)).toBe(true);
		expect(hooks()).toHaveLength(2);
	});

	it('explains the org limit of 25 event hooks and leaves nothing behind', async () => {
		for (let i = 0; i < 25; i++) plantHook(`https://other-tool.example.com/okta/${i}`);
		const error = (await hookMethod('create').catch((caught: unknown) => caught)) as Error & { description?: string };
		expect(error.message).toMatch(/^Okta refused to create the event hook: the org already has its maximum of 25 event hooks: /);
		expect(error.description).toMatch(/Workflow > Event Hooks/);
		expect(hooks()).toHaveLength(25);
		expect(staticData).toEqual({});
	});

	it('explains that Okta only calls public HTTPS URLs when it refuses the URL', async () => {
		const error = (await hookMethod('create', { base: 'http://n8n.example.com/webhook' }).catch((caught: unknown) => caught)) as Error & { description?: string };
		expect(error.message).toMatch(/^Okta refused the webhook URL http:\/\/n8n\.example\.com\/webhook\/okta-test-webhook\/okta-events: /);
		expect(error.message).toMatch(/HTTPS/);
		expect(error.description).toMatch(/reverse proxy or tunnel .*WEBHOOK_URL/);
		expect(hooks()).toHaveLength(0);
	});

	it('explains a missing okta.eventHooks.manage scope', async () => {
		const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const app = okta.oauth.registerServiceApp({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), scopes: ['okta.users.read', 'okta.eventHooks.read'] });
		credential = () => ({
			type: 'oktaDirectoryServiceAppApi',
			data: { domain: okta.baseUrl, clientId: app.clientId, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), scopes: 'okta.users.read okta.eventHooks.read', accessToken: '' },
		});
		parameters = { authentication: 'serviceApp', events: ['user.lifecycle.create'] };
		const error = (await hookMethod('create').catch((caught: unknown) => caught)) as Error & { description?: string };
		expect(error.message).toMatch(/^Okta refused to create the event hook \(HTTP 403\)/);
		expect(error.description).toMatch(/okta\.eventHooks\.manage/);
		expect(hooks()).toHaveLength(0);
	});

	it('works with a service app (OAuth 2.0 client credentials) that has okta.eventHooks.manage', async () => {
		const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const app = okta.oauth.registerServiceApp({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), scopes: ['okta.eventHooks.manage'] });
		credential = () => ({
			type: 'oktaDirectoryServiceAppApi',
			data: { domain: okta.baseUrl, clientId: app.clientId, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), scopes: 'okta.eventHooks.manage', accessToken: '' },
		});
		parameters = { authentication: 'serviceApp', events: ['user.lifecycle.create'] };
		await activate();
		expect(hooks()[0]).toMatchObject({ verificationStatus: 'VERIFIED' });
		expect(await hookMethod('delete')).toBe(true);
		expect(hooks()).toHaveLength(0);
	});

	it('keeps the hook secret out of errors, static data and Okta\'s answers', async () => {
		n8n.answerChallengeWrongly = true;
		let secret = '';
		const originalSet = okta.state.eventHooks.set.bind(okta.state.eventHooks);
		okta.state.eventHooks.set = (id, hook) => {
			secret = hook.channel.config.authScheme?.value ?? secret;
			return originalSet(id, hook);
		};
		try {
			const error = await hookMethod('create').catch((caught: unknown) => caught);
			expect(secret).toHaveLength(43);
			expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
			expect(String((error as { description?: string }).description)).not.toContain(secret);
			expect(JSON.stringify(staticData)).not.toContain(secret);
			const logged = JSON.stringify(okta.requestLog);
			expect(logged).not.toContain(secret);
		} finally {
			okta.state.eventHooks.set = originalSet;
		}
	});
});

describe('delete', () => {
	it('deactivates, then deletes, and drops the uuid list earlier versions kept in static data', async () => {
		await activate();
		const id = hooks()[0].id;
		staticData.seenEvents = [['u-1', Date.now()]];
		await hookMethod('delete');
		expect(eventHookCalls().slice(-3)).toEqual([`POST /api/v1/eventHooks/${id}/lifecycle/deactivate`, `DELETE /api/v1/eventHooks/${id}`, 'GET /api/v1/eventHooks']);
		expect(staticData).toEqual({});
	});

	it('tolerates a hook already deactivated, or already gone', async () => {
		await activate();
		hooks()[0].status = 'INACTIVE';
		expect(await hookMethod('delete')).toBe(true);
		expect(hooks()).toHaveLength(0);
		await activate();
		okta.state.eventHooks.clear();
		expect(await hookMethod('delete')).toBe(true);
	});

	it('also removes a hook at this URL whose id was never saved, and leaves other hooks alone', async () => {
		const lost = plantHook(hookUrlFor(n8n.productionBase));
		const foreign = plantHook('https://other-tool.example.com/okta');
		expect(await hookMethod('delete')).toBe(true);
		expect(okta.state.eventHooks.has(lost.id)).toBe(false);
		expect(okta.state.eventHooks.has(foreign.id)).toBe(true);
	});

	it('fails loudly when Okta cannot be reached, so the hook is not silently left behind', async () => {
		await activate();
		okta.faults.set('/api/v1/eventHooks', { errorRate: 1, errorStatus: 503 });
		try {
			await expect(hookMethod('delete')).rejects.toThrow(/503|unavailable|Internal/i);
		} finally {
			okta.faults.clear();
		}
		expect(recorded()).toHaveLength(1);
		expect(await hookMethod('delete')).toBe(true);
		expect(hooks()).toHaveLength(0);
	}, 60_000);
});

describe('test listening on an active workflow', () => {
	it('keeps production and test hooks apart', async () => {
		await activate();
		const production = hooks()[0].id;
		await activate({ mode: 'manual' });
		expect(hooks()).toHaveLength(2);
		expect(recorded().map((hook) => hook.kind).sort()).toEqual(['production', 'test']);
		// The production hook is still current for the active workflow.
		expect(await hookMethod('checkExists')).toBe(true);
		await hookMethod('delete', { mode: 'manual' });
		expect(hooks().map((hook) => hook.id)).toEqual([production]);
		expect(recorded().map((hook) => hook.kind)).toEqual(['production']);
	});
});

describe('unreachableReason', () => {
	it.each([
		['https://n8n.example.com/webhook/x', undefined],
		['http://n8n.example.com/webhook/x', 'is not HTTPS'],
		['https://localhost:5678/webhook/x', 'is not a public address'],
		['https://192.168.1.20/webhook/x', 'is not a public address'],
		['https://n8n.internal/webhook/x', 'is not a public address'],
		['http://127.0.0.1:5678/webhook/x', 'is neither HTTPS nor public'],
		['https://n8n/webhook/x', 'is not a public address'],
	])('%s', (url, reason) => {
		const result = unreachableReason(url);
		if (reason === undefined) expect(result).toBeUndefined();
		else expect(result).toContain(reason);
	});
});
