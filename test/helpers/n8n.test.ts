import express, { type Request } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { Expression, NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	executeNode,
	expressionEngine,
	oAuth2ApiCredentialType,
	runListSearch,
	runLoadOptions,
	runWebhook,
	runWebhookMethod,
	testCredential,
	TestCredentialsHelper,
	type TestCredential,
} from './n8n';

/**
 * The harness itself, with throwaway node and credential types (nothing from nodes/ or credentials/) against a
 * tiny local API. Every assertion is on something only the real n8n-core code path produces: headers n8n's
 * authenticate step added, the token endpoint n8n's OAuth2 client called, items n8n's engine paired, etc.
 */

// ---------------------------------------------------------------- the local API

interface Seen {
	method: string;
	path: string;
	query: IDataObject;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

let server: Server;
let base = '';
const seen: Seen[] = [];
const api = {
	sessions: 0,
	validSessions: new Set<string>(),
	oauthIssued: 0,
	accessToken: 'oauth-access-0',
	refreshToken: 'oauth-refresh-0',
	hooks: new Map<string, string>(),
};
const paths = (method?: string) => seen.filter((entry) => !method || entry.method === method).map((entry) => `${entry.method} ${entry.path}`);

beforeAll(async () => {
	const app = express();
	app.use(express.json());
	app.use(express.urlencoded({ extended: false }));
	app.use((req, _res, next) => {
		seen.push({ method: req.method, path: req.path, query: req.query as IDataObject, headers: req.headers, body: req.body });
		next();
	});
	const apiKeyOk = (req: Request) => req.headers['x-api-key'] === 'key-1' && req.query.tenant === 'acme';
	app.get('/v1/items/:id', (req, res) => {
		if (!apiKeyOk(req)) return void res.status(401).json({ message: 'bad key' });
		if (req.params.id === 'missing') return void res.status(404).json({ message: 'Item missing not found' });
		res.json({ id: req.params.id, tenant: req.query.tenant });
	});
	app.get('/v1/whoami', (req, res) => (apiKeyOk(req) ? res.json({ user: 'me' }) : res.status(401).json({ message: 'bad key' })));
	app.get('/v1/colors', (req, res) => {
		if (!apiKeyOk(req)) return void res.status(401).json({ message: 'bad key' });
		res.json([
			{ label: 'Red', id: 'red' },
			{ label: 'Blue', id: 'blue' },
		]);
	});
	app.get('/v1/search', (req, res) => {
		if (!apiKeyOk(req)) return void res.status(401).json({ message: 'bad key' });
		const all = ['alpha', 'beta', 'gamma', 'delta'].filter((name) => name.includes(String(req.query.filter ?? '')));
		const page = Number(req.query.page ?? 0);
		res.json({ names: all.slice(page * 2, page * 2 + 2), next: page * 2 + 2 < all.length ? page + 1 : null });
	});
	app.post('/session', (req, res) => {
		if ((req.body as IDataObject).password !== 'pw') return void res.status(403).json({ message: 'wrong password' });
		api.sessions++;
		const token = `session-${api.sessions}`;
		api.validSessions.add(token);
		res.json({ token });
	});
	app.get('/secure/:id', (req, res) => {
		const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
		if (!api.validSessions.has(token)) return void res.status(401).json({ message: 'session expired' });
		res.json({ id: req.params.id, token });
	});
	app.post('/oauth/token', (req, res) => {
		const body = req.body as IDataObject;
		if (body.grant_type !== 'refresh_token' || body.refresh_token !== api.refreshToken) return void res.status(400).json({ error: 'invalid_grant' });
		api.oauthIssued++;
		api.accessToken = `oauth-access-${api.oauthIssued}`;
		api.refreshToken = `oauth-refresh-${api.oauthIssued}`;
		res.json({ access_token: api.accessToken, refresh_token: api.refreshToken, token_type: 'Bearer', expires_in: 3600 });
	});
	app.get('/oauth-api/items/:id', (req, res) => {
		if (req.headers.authorization !== `Bearer ${api.accessToken}`) return void res.status(401).json({ message: 'token expired' });
		res.json({ id: req.params.id });
	});
	app.post('/v1/hooks', (req, res) => {
		const id = `hook-${api.hooks.size + 1}`;
		api.hooks.set(id, String((req.body as IDataObject).url));
		res.status(201).json({ id });
	});
	app.get('/v1/hooks/:id', (req, res) => (api.hooks.has(req.params.id) ? res.json({ id: req.params.id, url: api.hooks.get(req.params.id) }) : res.status(404).json({})));
	app.delete('/v1/hooks/:id', (req, res) => {
		api.hooks.delete(req.params.id);
		res.status(204).end();
	});
	await new Promise<void>((resolve) => {
		server = app.listen(0, '127.0.0.1', () => resolve());
	});
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	seen.length = 0;
});

// ---------------------------------------------------------------- throwaway credential types

/** Generic auth: a header and a query parameter, both expressions; a hidden field computed from `$self`. */
const apiKeyCredential: ICredentialType = {
	name: 'harnessApiKeyApi',
	displayName: 'Harness API Key',
	properties: [
		{ displayName: 'Server', name: 'server', type: 'string', default: '' },
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'acme' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'hidden', default: '={{ $self.server.replace(/\\/$/, "") }}/v1' },
	],
	authenticate: {
		type: 'generic',
		properties: {
			headers: { 'X-Api-Key': '={{ $credentials.apiKey }}' },
			qs: { tenant: '={{ $credentials.tenant }}' },
		},
	},
	test: {
		request: { baseURL: '={{ $credentials.baseUrl }}', url: '/whoami' },
		rules: [{ type: 'responseCode', properties: { value: 401, message: 'The API key was refused' } }],
	},
};

/** A session token fetched in preAuthentication and kept in an expirable hidden field. */
const sessionCredential: ICredentialType = {
	name: 'harnessSessionApi',
	displayName: 'Harness Session',
	properties: [
		{ displayName: 'Server', name: 'server', type: 'string', default: '' },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Session Token', name: 'sessionToken', type: 'hidden', typeOptions: { expirable: true }, default: '' },
	],
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { token } = (await this.helpers.httpRequest({ method: 'POST', url: `${String(credentials.server)}/session`, body: { password: credentials.password }, json: true })) as { token: string };
		return { sessionToken: token };
	},
	authenticate: { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' } } },
};

/** OAuth2 authorization code against the local API, endpoints and scope computed from its own fields. */
const oauthCredential: ICredentialType = {
	name: 'harnessOAuth2Api',
	displayName: 'Harness OAuth2',
	extends: ['oAuth2Api'],
	properties: [
		{ displayName: 'Server', name: 'server', type: 'string', default: '' },
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: '={{ $self.server }}/oauth/authorize' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: '={{ $self.server }}/oauth/token' },
		{ displayName: 'Use Custom Scopes', name: 'useCustomScopes', type: 'boolean', default: false },
		{ displayName: 'Custom Scopes', name: 'customScopes', type: 'string', displayOptions: { show: { useCustomScopes: [true] } }, default: 'items.read' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '={{ $self.useCustomScopes ? $self.customScopes : "items.read items.write offline_access" }}' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
	],
};

const credentialTypes = [apiKeyCredential, sessionCredential, oauthCredential];

// ---------------------------------------------------------------- throwaway node type

const CREDENTIAL_BY_AUTH: Record<string, string> = { apiKey: 'harnessApiKeyApi', session: 'harnessSessionApi', oAuth2: 'harnessOAuth2Api' };

const description: INodeTypeDescription = {
	displayName: 'Harness Thing',
	name: 'harnessThing',
	group: ['transform'],
	version: [1, 2],
	description: 'A node that only exists in the harness test',
	defaults: { name: 'Harness Thing' },
	inputs: ['main'],
	outputs: ['main'],
	credentials: [
		{ name: 'harnessApiKeyApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
		{ name: 'harnessSessionApi', required: true, displayOptions: { show: { authentication: ['session'] } } },
		{ name: 'harnessOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
	],
	webhooks: [
		{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'events' },
		{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'events' },
	],
	properties: [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'API Key', value: 'apiKey' },
				{ name: 'Session', value: 'session' },
				{ name: 'OAuth2', value: 'oAuth2' },
			],
			default: 'apiKey',
		},
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			options: [
				{ name: 'Get', value: 'get' },
				{ name: 'Get (No Pairing)', value: 'getUnpaired' },
				{ name: 'Reverse', value: 'reverse' },
				{ name: 'Throw', value: 'throw' },
				{ name: 'Echo', value: 'echo' },
			],
			default: 'get',
		},
		{ displayName: 'ID', name: 'id', type: 'string', default: '' },
		{ displayName: 'Show Label', name: 'showLabel', type: 'boolean', default: false },
		{ displayName: 'Label', name: 'label', type: 'string', displayOptions: { show: { showLabel: [true] } }, default: 'shown-default' },
		{ displayName: 'Color', name: 'color', type: 'options', typeOptions: { loadOptionsMethod: 'getColors' }, default: '' },
		{ displayName: 'Secret', name: 'secret', type: 'string', default: '' },
	],
};

async function request(ctx: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions, options: IHttpRequestOptions, itemIndex = 0): Promise<IDataObject> {
	const authentication = ctx.getNodeParameter('authentication', itemIndex) as string;
	const credentialType = CREDENTIAL_BY_AUTH[authentication];
	const credentials = await ctx.getCredentials(credentialType);
	const origin = authentication === 'apiKey' ? String(credentials.baseUrl) : String(credentials.server);
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, { json: true, ...options, url: `${origin}${options.url}` })) as IDataObject;
}

class HarnessThing implements INodeType {
	description = description;

	methods = {
		loadOptions: {
			async getColors(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const colors = (await request(this, { url: '/colors' })) as unknown as Array<{ label: string; id: string }>;
				const prefix = String(this.getCurrentNodeParameter('secret') ?? '');
				return colors.map((color) => ({ name: `${prefix}${color.label}`, value: color.id }));
			},
		},
		listSearch: {
			async searchNames(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
				const page = (await request(this, { url: '/search', qs: { filter: filter ?? '', page: paginationToken ?? 0 } })) as { names: string[]; next: number | null };
				return { results: page.names.map((name) => ({ name, value: name })), ...(page.next === null ? {} : { paginationToken: page.next as unknown as string }) };
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				data.calls = [...((data.calls as IDataObject[]) ?? []), { method: 'checkExists', mode: this.getMode(), activation: this.getActivationMode(), url: this.getNodeWebhookUrl('default') }];
				if (typeof data.hookId !== 'string') return false;
				try {
					await request(this, { url: `/hooks/${data.hookId}`, qs: {} });
					return true;
				} catch {
					return false;
				}
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const url = this.getNodeWebhookUrl('default');
				data.calls = [...((data.calls as IDataObject[]) ?? []), { method: 'create', mode: this.getMode(), activation: this.getActivationMode(), url }];
				const credentials = await this.getCredentials('harnessApiKeyApi');
				const hook = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessApiKeyApi', {
					method: 'POST',
					url: `${String(credentials.baseUrl)}/hooks`,
					body: { url },
					json: true,
				})) as IDataObject;
				data.hookId = hook.id;
				data.secret = 'shh';
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				data.calls = [...((data.calls as IDataObject[]) ?? []), { method: 'delete', mode: this.getMode(), activation: this.getActivationMode(), url: this.getNodeWebhookUrl('default') }];
				delete data.hookId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		if (this.getWebhookName() === 'setup') {
			res.status(200).json({ verification: this.getHeaderData()['x-challenge'] });
			return { noWebhookResponse: true };
		}
		const data = this.getWorkflowStaticData('node');
		if (this.getHeaderData()['x-secret'] !== data.secret) {
			res.status(401).json({ error: 'Unauthorized' });
			return { noWebhookResponse: true };
		}
		const raw = (this.getRequestObject() as unknown as { rawBody?: Buffer }).rawBody;
		data.deliveries = Number(data.deliveries ?? 0) + 1;
		return { workflowData: [[{ json: { ...this.getBodyData(), rawLength: raw?.length ?? 0, query: this.getQueryData() as IDataObject } }]] };
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'throw') throw new NodeOperationError(this.getNode(), 'The whole node failed');
		if (operation === 'echo') {
			return [items.map((_, i) => ({ json: { label: this.getNodeParameter('label', i, 'fallback'), fromInput: this.getNodeParameter('id', i), version: this.getNode().typeVersion }, pairedItem: { item: i } }))];
		}
		if (operation === 'reverse') {
			return [items.map((_, i) => ({ json: { was: i }, pairedItem: { item: items.length - 1 - i } }))];
		}
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const authentication = this.getNodeParameter('authentication', i) as string;
				const id = this.getNodeParameter('id', i) as string;
				const prefix = authentication === 'apiKey' ? '/items' : authentication === 'session' ? '/secure' : '/oauth-api/items';
				const json = await request(this, { url: `${prefix}/${id}` }, i);
				out.push(operation === 'getUnpaired' ? { json } : { json, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: 'replaced by n8n', more: true }, error: error as NodeApiError, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

const node = new HarnessThing();
const apiKey = (): TestCredential => ({ type: 'harnessApiKeyApi', data: { server: `${base}/`, apiKey: 'key-1' } });
const items = (...ids: string[]): INodeExecutionData[] => ids.map((id) => ({ json: { id } }));

// ---------------------------------------------------------------- tests

describe('expressions', () => {
	it('run on the engine n8n 2.41 uses (isolated-vm), unless N8N_EXPRESSION_ENGINE says otherwise', async () => {
		await executeNode({ node, parameters: { operation: 'echo', id: '={{ 1 + 1 }}' }, credentialTypes });
		const engine = expressionEngine();
		expect(engine.active).toBe(engine.requested);
		expect(Expression.getActiveImplementation()).toBe(engine.requested);
	});

	it('are resolved per item, with $json, extensions and the upstream node', async () => {
		const { output } = await executeNode({
			node,
			parameters: { operation: 'echo', id: '={{ $json.id.toUpperCase() }}-{{ $("Input").item.json.n }}-{{ $itemIndex }}' },
			items: [{ json: { id: 'a', n: 1 } }, { json: { id: 'b', n: 2 } }],
			credentialTypes,
		});
		expect(output[0].map((item) => item.json.fromInput)).toEqual(['A-1-0', 'B-2-1']);
	});

	it('fail like n8n fails on an expression it cannot resolve', async () => {
		await expect(executeNode({ node, parameters: { operation: 'echo', id: '={{ $("Nope").item.json.x }}' }, credentialTypes })).rejects.toThrow("Referenced node doesn't exist");
		// A TypeError inside an expression is not an error for n8n: the value is empty.
		const { output } = await executeNode({ node, parameters: { operation: 'echo', id: '={{ $json.nope.deeper }}' }, credentialTypes });
		expect(output[0][0].json.fromInput).toBeUndefined();
	});
});

describe('node parameters', () => {
	it('get their defaults, and lose what the editor would not show, as n8n does', async () => {
		const shown = await executeNode({ node, parameters: { operation: 'echo', showLabel: true }, credentialTypes });
		expect(shown.output[0][0].json.label).toBe('shown-default');
		const given = await executeNode({ node, parameters: { operation: 'echo', showLabel: true, label: 'given' }, credentialTypes });
		expect(given.output[0][0].json.label).toBe('given');
		// "label" is displayed only with showLabel on: n8n's Workflow drops it otherwise, so the node sees its fallback.
		const hidden = await executeNode({ node, parameters: { operation: 'echo', label: 'given' }, credentialTypes });
		expect(hidden.output[0][0].json.label).toBe('fallback');
		expect(hidden.ignoredParameters).toEqual(['label']);
		expect(given.ignoredParameters).toEqual([]);
	});

	it('run the requested type version, and the default version otherwise', async () => {
		expect((await executeNode({ node, parameters: { operation: 'echo' } })).output[0][0].json.version).toBe(2);
		expect((await executeNode({ node, parameters: { operation: 'echo' }, typeVersion: 1 })).output[0][0].json.version).toBe(1);
	});
});

describe('generic authentication', () => {
	it('adds the credential\'s header and query parameter, with $self defaults resolved', async () => {
		const { output } = await executeNode({ node, parameters: { id: '={{ $json.id }}' }, items: items('x1', 'x2'), credentials: apiKey(), credentialTypes });
		expect(output[0].map((item) => item.json)).toEqual([
			{ id: 'x1', tenant: 'acme' },
			{ id: 'x2', tenant: 'acme' },
		]);
		// baseUrl is a hidden field whose default is an expression over $self.server: n8n resolved it.
		expect(paths()).toEqual(['GET /v1/items/x1', 'GET /v1/items/x2']);
		expect(seen.map((entry) => [entry.headers['x-api-key'], entry.query.tenant])).toEqual([
			['key-1', 'acme'],
			['key-1', 'acme'],
		]);
	});

	it('uses only the credential slot the authentication parameter shows (n8n-core checks it)', async () => {
		await expect(
			executeNode({ node, parameters: { authentication: 'session', id: 'x' }, credentials: apiKey(), credentialTypes }),
		).rejects.toThrow(/Node does not have any credentials set for "harnessSessionApi"/);
	});
});

describe('paired items', () => {
	it('pass through as the node sets them', async () => {
		const { output } = await executeNode({ node, parameters: { operation: 'reverse' }, items: items('a', 'b', 'c'), credentialTypes });
		expect(output[0].map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 1 }, { item: 0 }]);
	});

	it('are filled in by n8n\'s engine when the node leaves them out', async () => {
		const { output } = await executeNode({ node, parameters: { operation: 'getUnpaired', id: '={{ $json.id }}' }, items: items('a', 'b'), credentials: apiKey(), credentialTypes });
		expect(output[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('errors', () => {
	it('become error items with Continue On Fail, normalised by n8n\'s engine', async () => {
		const { output } = await executeNode({
			node,
			parameters: { id: '={{ $json.id }}' },
			items: items('a', 'missing', 'b'),
			credentials: apiKey(),
			credentialTypes,
			continueOnFail: true,
		});
		expect(output[0].map((item) => item.json.id ?? item.json.error)).toEqual(['a', 'The resource you are requesting could not be found', 'b']);
		// WorkflowExecute.normalizeNodeErrors replaced the json of the item that carries `error`.
		expect(output[0][1].json).toEqual({ error: 'The resource you are requesting could not be found' });
		expect(output[0][1].error).toBeInstanceOf(NodeApiError);
		expect(output[0][1].error?.description).toBe('Item missing not found');
	});

	it('are thrown without Continue On Fail, as the NodeApiError n8n-core raised', async () => {
		const error = await executeNode({ node, parameters: { id: 'missing' }, credentials: apiKey(), credentialTypes }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({ httpCode: '404', description: 'Item missing not found' });
	});

	it('of the whole node pass the input through with Continue On Fail, as n8n does', async () => {
		const input = items('a', 'b');
		const { output } = await executeNode({ node, parameters: { operation: 'throw' }, items: input, credentialTypes, continueOnFail: true });
		// The items as they went in, with the lineage n8n's engine gives every input item.
		expect(output).toEqual([input.map((item, index) => ({ ...item, pairedItem: { item: index } }))]);
		await expect(executeNode({ node, parameters: { operation: 'throw' }, items: input, credentialTypes })).rejects.toThrow('The whole node failed');
	});
});

describe('preAuthentication', () => {
	const session = (sessionToken = ''): TestCredential => ({ type: 'harnessSessionApi', data: { server: base, password: 'pw', sessionToken } });
	const run = async (credential: TestCredential, ids = ['a', 'b', 'c']) =>
		await executeNode({ node, parameters: { authentication: 'session', id: '={{ $json.id }}' }, items: items(...ids), credentials: credential, credentialTypes });

	it('runs once when the expirable field is empty, and the token is stored and reused', async () => {
		const first = await run(session());
		expect(first.preAuthenticationCalls).toBe(1);
		expect(paths('POST')).toEqual(['POST /session']);
		const token = `session-${api.sessions}`;
		expect(first.output[0].map((item) => item.json.token)).toEqual([token, token, token]);
		expect(first.credentialUpdates).toEqual([{ server: base, password: 'pw', sessionToken: token }]);

		seen.length = 0;
		const second = await run(session(token), ['d']);
		expect(second.preAuthenticationCalls).toBe(0);
		expect(paths()).toEqual(['GET /secure/d']);

		seen.length = 0;
		const cleared = await run(session(''), ['e']);
		expect(cleared.preAuthenticationCalls).toBe(1);
		expect(paths()).toEqual(['POST /session', 'GET /secure/e']);
	});

	it('runs again when the API answers 401, and the request is retried with the new token', async () => {
		const stale = 'session-revoked';
		const { output, preAuthenticationCalls, credentialUpdates } = await run(session(stale), ['f']);
		expect(preAuthenticationCalls).toBe(1);
		expect(paths()).toEqual(['GET /secure/f', 'POST /session', 'GET /secure/f']);
		expect(seen[0].headers.authorization).toBe(`Bearer ${stale}`);
		expect(output[0][0].json.token).toBe(credentialUpdates[0].sessionToken);
	});
});

describe('OAuth2', () => {
	const oauth = (tokens: IDataObject): TestCredential => ({
		type: 'harnessOAuth2Api',
		data: { server: base, clientId: 'client-1', clientSecret: 'secret-1', oauthTokenData: tokens },
	});

	it('resolves the endpoints and scope from the credential\'s own fields, over oAuth2Api\'s', async () => {
		const helper = new TestCredentialsHelper(
			{ type: 'harnessOAuth2Api', data: { server: 'https://id.example.com', authUrl: 'https://evil.example.com', useCustomScopes: true, customScopes: 'a b' } },
			undefined,
			{ credentialTypes },
		);
		const data = await helper.getDecrypted({} as never, { id: '1', name: 'c' }, 'harnessOAuth2Api');
		expect(data).toMatchObject({
			authUrl: 'https://id.example.com/oauth/authorize',
			accessTokenUrl: 'https://id.example.com/oauth/token',
			scope: 'a b',
			grantType: 'authorizationCode',
			authentication: 'header',
		});
		// doNotInherit properties of oAuth2Api are not inherited, the others are.
		expect(data).not.toHaveProperty('ignoreSSLIssues');
		expect(data).toHaveProperty('clientCredentialType', 'clientSecret');
		expect(helper.getParentTypes('harnessOAuth2Api')).toEqual([oAuth2ApiCredentialType.name]);
		const defaults = await new TestCredentialsHelper({ type: 'harnessOAuth2Api', data: { server: 's' } }, undefined, { credentialTypes }).getDecrypted({} as never, { id: '1', name: 'c' }, 'harnessOAuth2Api');
		expect(defaults.scope).toBe('items.read items.write offline_access');
	});

	it('refreshes an expired access token at the token URL and retries the request', async () => {
		api.accessToken = 'current-access';
		api.refreshToken = 'refresh-A';
		const issuedBefore = api.oauthIssued;
		const { output, credentialUpdates } = await executeNode({
			node,
			parameters: { authentication: 'oAuth2', id: '={{ $json.id }}' },
			items: items('o1', 'o2'),
			credentials: oauth({ access_token: 'expired-access', refresh_token: 'refresh-A', token_type: 'Bearer' }),
			credentialTypes,
		});
		expect(output[0].map((item) => item.json.id)).toEqual(['o1', 'o2']);
		expect(paths()).toEqual(['GET /oauth-api/items/o1', 'POST /oauth/token', 'GET /oauth-api/items/o1', 'GET /oauth-api/items/o2']);
		const tokenRequest = seen[1];
		expect(tokenRequest.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-A' });
		expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from('client-1:secret-1').toString('base64')}`);
		expect(seen[2].headers.authorization).toBe(`Bearer oauth-access-${issuedBefore + 1}`);
		expect(credentialUpdates).toHaveLength(1);
		expect(credentialUpdates[0].oauthTokenData).toMatchObject({ access_token: `oauth-access-${issuedBefore + 1}`, refresh_token: `oauth-refresh-${issuedBefore + 1}` });
	});

	it('surfaces a refused refresh as n8n\'s "reconnect" error', async () => {
		api.accessToken = 'current-access';
		api.refreshToken = 'refresh-B';
		await expect(
			executeNode({
				node,
				parameters: { authentication: 'oAuth2', id: 'o3' },
				credentials: oauth({ access_token: 'expired', refresh_token: 'revoked-refresh' }),
				credentialTypes,
			}),
		).rejects.toThrow(/needs to be reconnected/);
	});
});

describe('loadOptions and listSearch', () => {
	it('run the node\'s loadOptions method with its credential and current parameters', async () => {
		const options = await runLoadOptions({ node, method: 'getColors', parameters: { secret: '> ' }, credentials: apiKey(), credentialTypes });
		expect(options).toEqual([
			{ name: '> Red', value: 'red' },
			{ name: '> Blue', value: 'blue' },
		]);
		expect(seen[0].headers['x-api-key']).toBe('key-1');
	});

	it('run the node\'s listSearch method with filter and pagination token, as the resource locator does', async () => {
		const first = await runListSearch({ node, method: 'searchNames', credentials: apiKey(), credentialTypes });
		expect(first).toEqual({ results: ['alpha', 'beta'].map((name) => ({ name, value: name })), paginationToken: '1' });
		const second = await runListSearch({ node, method: 'searchNames', credentials: apiKey(), credentialTypes, paginationToken: first.paginationToken as string });
		expect(second.results.map((result) => result.value)).toEqual(['gamma', 'delta']);
		const filtered = await runListSearch({ node, method: 'searchNames', credentials: apiKey(), credentialTypes, filter: 'ta' });
		expect(filtered.results.map((result) => result.value)).toEqual(['beta', 'delta']);
	});
});

describe('webhooks', () => {
	const staticData: IDataObject = {};
	const productionBase = 'https://n8n.example.com/webhook';
	const hook = async (method: 'checkExists' | 'create' | 'delete', mode: 'trigger' | 'manual' = 'trigger') =>
		await runWebhookMethod({
			node,
			method,
			staticData,
			webhookUrl: mode === 'manual' ? `${productionBase}-test` : productionBase,
			mode,
			credentials: apiKey(),
			credentialTypes,
		});
	const calls = () => staticData.calls as IDataObject[];

	it('activation: checkExists then create, in mode trigger / activate, with the production URL', async () => {
		expect(await hook('checkExists')).toBe(false);
		expect(await hook('create')).toBe(true);
		expect(await hook('checkExists')).toBe(true);
		const url = `${productionBase}/okta-test-webhook/events`;
		expect(calls()).toEqual([
			{ method: 'checkExists', mode: 'trigger', activation: 'activate', url },
			{ method: 'create', mode: 'trigger', activation: 'activate', url },
			{ method: 'checkExists', mode: 'trigger', activation: 'activate', url },
		]);
		expect(paths('POST')).toEqual(['POST /v1/hooks']);
		expect(seen.find((entry) => entry.method === 'POST')?.body).toEqual({ url });
		expect(staticData).toMatchObject({ hookId: expect.stringMatching(/^hook-/), secret: 'shh' });
	});

	it('test listening: mode manual / manual and the test URL; removal: mode internal / update, like n8n', async () => {
		staticData.calls = [];
		await hook('create', 'manual');
		await hook('delete', 'manual');
		await hook('delete', 'trigger');
		expect(calls()).toEqual([
			{ method: 'create', mode: 'manual', activation: 'manual', url: 'https://n8n.example.com/webhook-test/okta-test-webhook/events' },
			{ method: 'delete', mode: 'internal', activation: 'update', url: 'https://n8n.example.com/webhook-test/okta-test-webhook/events' },
			{ method: 'delete', mode: 'internal', activation: 'update', url: 'https://n8n.example.com/webhook/okta-test-webhook/events' },
		]);
		expect(staticData.hookId).toBeUndefined();
	});

	it('GET setup: the node answers through the response object', async () => {
		const result = await runWebhook({ node, staticData, webhookName: 'setup', request: { method: 'GET', headers: { 'X-Challenge': 'abc' } } });
		expect(result).toMatchObject({ noWebhookResponse: true, status: 200, responseBody: { verification: 'abc' } });
		expect(result.workflowData).toBeUndefined();
	});

	it('POST: a delivery starts the workflow with the body; a bad secret gets the node\'s 401', async () => {
		staticData.secret = 'shh';
		const body = { event: 'created', id: 7 };
		const ok = await runWebhook({ node, staticData, request: { method: 'POST', headers: { 'x-secret': 'shh', 'content-type': 'application/json' }, body, query: { q: '1' } } });
		expect(ok.workflowData).toEqual([[{ json: { ...body, rawLength: JSON.stringify(body).length, query: { q: '1' } } }]]);
		expect(ok.status).toBeUndefined();
		// As in n8n 2.41: what webhook() wrote to static data is not saved when it started the workflow.
		expect(staticData.deliveries).toBeUndefined();
		const refused = await runWebhook({ node, staticData, request: { method: 'POST', headers: { 'x-secret': 'wrong' }, body } });
		expect(refused).toMatchObject({ noWebhookResponse: true, status: 401, responseBody: { error: 'Unauthorized' } });
		expect(refused.workflowData).toBeUndefined();
		expect(staticData.deliveries).toBeUndefined();
	});
});

describe('credential tests', () => {
	it('send the type\'s test request with its authentication, as the credential dialog does', async () => {
		expect(await testCredential({ credentialType: apiKeyCredential, data: { server: base, apiKey: 'key-1' } })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen.map((entry) => `${entry.method} ${entry.path} ${String(entry.headers['x-api-key'])}`)).toEqual(['GET /v1/whoami key-1']);
	});

	it('apply the type\'s rules to a refused request', async () => {
		expect(await testCredential({ credentialType: apiKeyCredential, data: { server: base, apiKey: 'wrong' } })).toEqual({ status: 'Error', message: 'The API key was refused' });
	});

	it('report what n8n reports without a test, and the OAuth2 check for OAuth2 types', async () => {
		expect(await testCredential({ credentialType: sessionCredential, data: {} })).toEqual({ status: 'Error', message: 'No testing function found for this credential.' });
		expect(await testCredential({ credentialType: oauthCredential, data: { server: base }, node })).toEqual({ status: 'Error', message: 'This OAuth2 credential was not connected to an account.' });
		expect(await testCredential({ credentialType: oauthCredential, data: { server: base, oauthTokenData: { access_token: 't' } }, node })).toMatchObject({ status: 'OK' });
	});
});
