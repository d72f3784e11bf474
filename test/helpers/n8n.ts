import {
	ExecuteContext,
	HookContext,
	LoadOptionsContext,
	WebhookContext,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { OktaDirectoryApiTokenApi } from '../../credentials/OktaDirectoryApiTokenApi.credentials';
import { OktaDirectoryOAuth2Api } from '../../credentials/OktaDirectoryOAuth2Api.credentials';
import { OktaDirectoryServiceAppApi } from '../../credentials/OktaDirectoryServiceAppApi.credentials';

/**
 * Runs nodes through n8n-core's real execution contexts (ExecuteContext, LoadOptionsContext, HookContext,
 * WebhookContext), so `this.helpers.httpRequestWithAuthentication`, OAuth2 refresh, preAuthentication,
 * expression resolution and resource-locator extraction are n8n's own code. Only the credential store is
 * ours: `TestCredentialsHelper` mirrors what n8n CLI's CredentialsHelper does with credential types.
 */

export interface TestCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** The parts of n8n-nodes-base's `oAuth2Api` that our OAuth2 credential extends. */
const oAuth2ApiBase: ICredentialType = {
	name: 'oAuth2Api',
	displayName: 'OAuth2 API',
	properties: [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{ displayName: 'Client Secret', name: 'clientSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'string', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'options', options: [{ name: 'Body', value: 'body' }, { name: 'Header', value: 'header' }], default: 'header' },
		{ displayName: 'Ignore SSL Issues', name: 'ignoreSSLIssues', type: 'boolean', default: false },
	],
};

export const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
	[new OktaDirectoryApiTokenApi(), new OktaDirectoryOAuth2Api(), new OktaDirectoryServiceAppApi(), oAuth2ApiBase].map((type) => [type.name, type]),
);

const NODE_NAME = 'Okta';

export class TestCredentialsHelper extends ICredentialsHelper {
	/** Every credential write n8n made (OAuth2 token refresh, preAuthentication token). */
	readonly updates: ICredentialDataDecryptedObject[] = [];

	preAuthenticationCalls = 0;

	constructor(
		private readonly stored: TestCredential | undefined,
		private readonly workflow: () => Workflow,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.type(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(name: string): INodeProperties[] {
		const type = this.type(name);
		const inherited = (type.extends ?? []).flatMap((parent) => this.getCredentialsProperties(parent));
		const own = new Set(type.properties.map((property) => property.name));
		return [...inherited.filter((property) => !own.has(property.name)), ...type.properties];
	}

	private resolve(value: unknown, credentials: ICredentialDataDecryptedObject, node?: INode): unknown {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		const target = node ?? this.workflow().getNode(NODE_NAME)!;
		return this.workflow().expression.getSimpleParameterValue(target, value, 'internal', { $credentials: credentials } as never, undefined, '');
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions, _workflow?: Workflow, node?: INode): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const options = requestOptions as unknown as Record<string, IDataObject>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			options[section] ??= {};
			for (const [key, value] of Object.entries(entries as IDataObject)) {
				options[section][String(this.resolve(key, credentials, node))] = this.resolve(value, credentials, node) as IDataObject[string];
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string, _node: INode, credentialsExpired: boolean): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) return undefined;
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(credentials, output);
		await this.updateCredentials({ id: '1', name: 'test' }, typeName, credentials);
		return credentials;
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the nodes under test');
	}

	/** Defaults applied and expressions (with `$self`) resolved, as n8n does before handing data to a node. */
	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _details: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		if (!this.stored || this.stored.type !== type) throw new Error(`No test credential of type ${type}`);
		const properties = this.getCredentialsProperties(type);
		const withDefaults = NodeHelpers.getNodeParameters(properties, this.stored.data as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
		const data = { ...this.stored.data, ...withDefaults };
		const node = this.workflow().getNode(NODE_NAME)!;
		return this.workflow().expression.getComplexParameterValue(node, data as INodeParameters, 'internal', {}, undefined, undefined, data) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(_details: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.updates.push(structuredClone(data));
		if (this.stored) this.stored.data = { ...this.stored.data, ...data };
	}

	async updateCredentialsOauthTokenData(details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		await this.updateCredentials(details, type, data);
	}
}

interface Harness {
	workflow: Workflow;
	node: INode;
	additionalData: IWorkflowExecuteAdditionalData;
	credentialsHelper: TestCredentialsHelper;
}

function credentialSlot(nodeType: INodeType, parameters: INodeParameters, credential?: TestCredential): INode['credentials'] {
	if (!credential) return undefined;
	const declared = nodeType.description.credentials?.some((slot) => slot.name === credential.type);
	if (!declared) throw new Error(`${nodeType.description.name} has no credential slot ${credential.type}`);
	void parameters;
	return { [credential.type]: { id: '1', name: 'test' } };
}

function buildHarness(opts: { node: INodeType; parameters?: INodeParameters; credentials?: TestCredential; continueOnFail?: boolean; staticData?: IDataObject; webhookUrl?: string }): Harness {
	const nodeType = opts.node;
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const typeName = `n8n-nodes-okta.${nodeType.description.name}`;
	const withDefaults = NodeHelpers.getNodeParameters(nodeType.description.properties, opts.parameters ?? {}, true, false, null, null) ?? {};
	const node: INode = {
		id: 'node-1',
		name: NODE_NAME,
		type: typeName,
		typeVersion: Array.isArray(nodeType.description.version) ? nodeType.description.version[0] : nodeType.description.version,
		position: [0, 0],
		parameters: { ...withDefaults, ...(opts.parameters ?? {}) },
		credentials: credentialSlot(nodeType, opts.parameters ?? {}, opts.credentials),
		...(opts.continueOnFail ? { continueOnFail: true, onError: 'continueRegularOutput' as const } : {}),
		...(nodeType.description.webhooks ? { webhookId: 'okta-test-webhook' } : {}),
	};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'Okta test workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData: opts.staticData ? { [`node:${NODE_NAME}`]: JSON.parse(JSON.stringify(opts.staticData)) as IDataObject } : {},
	});
	const credentialsHelper = new TestCredentialsHelper(opts.credentials ? { type: opts.credentials.type, data: { ...opts.credentials.data } } : undefined, () => workflow);
	const webhookBase = opts.webhookUrl ?? 'http://127.0.0.1:5678/webhook';
	const additionalData = {
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: webhookBase,
		webhookWaitingBaseUrl: webhookBase,
		webhookTestBaseUrl: webhookBase,
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		variables: {},
		executeWorkflow: async () => ({}),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => ({}),
	} as unknown as IWorkflowExecuteAdditionalData;
	return { workflow, node, additionalData, credentialsHelper };
}

export async function executeNode(opts: {
	node: INodeType;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	credentials?: TestCredential;
	continueOnFail?: boolean;
}): Promise<{ output: INodeExecutionData[][]; credentialUpdates: ICredentialDataDecryptedObject[]; preAuthenticationCalls: number }> {
	const { workflow, node, additionalData, credentialsHelper } = buildHarness(opts);
	const items = opts.items ?? [{ json: {} }];
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: { contextData: {}, nodeExecutionStack: [], metadata: {}, waitingExecution: {}, waitingExecutionSource: {} },
	} as unknown as IRunExecutionData;
	const executeData: IExecuteData = { node, data: { main: [items] }, source: { main: [{ previousNode: 'Start' }] } };
	const context = new ExecuteContext(workflow, node, additionalData, 'manual', runExecutionData, 0, items, { main: [items] }, executeData, []);
	const output = (await opts.node.execute!.call(context)) as INodeExecutionData[][];
	return { output, credentialUpdates: credentialsHelper.updates, preAuthenticationCalls: credentialsHelper.preAuthenticationCalls };
}

export async function runListSearch(opts: { node: INodeType; method: string; parameters?: INodeParameters; credentials?: TestCredential; filter?: string; paginationToken?: string }): Promise<INodeListSearchResult> {
	const { workflow, node, additionalData } = buildHarness(opts);
	const context = new LoadOptionsContext(workflow, node, additionalData, '');
	const method = opts.node.methods?.listSearch?.[opts.method];
	if (!method) throw new Error(`No listSearch method ${opts.method}`);
	return await method.call(context, opts.filter, opts.paginationToken);
}

export async function runLoadOptions(opts: { node: INodeType; method: string; parameters?: INodeParameters; credentials?: TestCredential }): Promise<INodePropertyOptions[]> {
	const { workflow, node, additionalData } = buildHarness(opts);
	const context = new LoadOptionsContext(workflow, node, additionalData, '');
	const method = opts.node.methods?.loadOptions?.[opts.method];
	if (!method) throw new Error(`No loadOptions method ${opts.method}`);
	return await method.call(context);
}

function webhookData(harness: Harness, nodeType: INodeType, name: string, isTest: boolean): IWebhookData {
	const description = nodeType.description.webhooks?.find((webhook) => webhook.name === name);
	if (!description) throw new Error(`No webhook named ${name}`);
	return {
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: harness.node.name,
		path: String(description.path),
		webhookDescription: description,
		workflowId: harness.workflow.id,
		workflowExecuteAdditionalData: harness.additionalData,
		webhookId: harness.node.webhookId,
		isTest,
	} as IWebhookData;
}

/**
 * Runs `webhookMethods.default.<method>` (checkExists / create / delete). `webhookUrl` is the base n8n
 * would use (WEBHOOK_URL + '/webhook'); the node derives its own URL from it. Static data is shared in place.
 */
export async function runWebhookMethod(opts: {
	node: INodeType;
	method: 'checkExists' | 'create' | 'delete';
	parameters?: INodeParameters;
	credentials?: TestCredential;
	staticData: IDataObject;
	webhookUrl: string;
	mode?: 'trigger' | 'manual';
}): Promise<boolean> {
	const harness = buildHarness(opts);
	const isTest = opts.mode === 'manual';
	const mode: WorkflowExecuteMode = isTest ? 'manual' : 'trigger';
	const activation: WorkflowActivateMode = isTest ? 'manual' : 'activate';
	const context = new HookContext(harness.workflow, harness.node, harness.additionalData, mode, activation, webhookData(harness, opts.node, 'default', isTest));
	const method = opts.node.webhookMethods?.default?.[opts.method];
	if (!method) throw new Error(`No webhook method ${opts.method}`);
	const result = await method.call(context);
	syncStaticData(opts.staticData, harness.workflow);
	return result;
}

/** Copies the node's static data back into the caller's object, deletions included. */
function syncStaticData(target: IDataObject, workflow: Workflow): void {
	const current = (workflow.staticData[`node:${NODE_NAME}`] ?? {}) as IDataObject;
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, JSON.parse(JSON.stringify(current)) as IDataObject);
}

export interface FakeResponse {
	statusCode: number;
	body?: unknown;
	headers: Record<string, string>;
	ended: boolean;
}

export async function runWebhook(opts: {
	node: INodeType;
	parameters?: INodeParameters;
	credentials?: TestCredential;
	staticData: IDataObject;
	webhookName?: string;
	request: { method: string; headers: Record<string, string>; body?: unknown; rawBody?: Buffer; query?: IDataObject };
}): Promise<{ webhookResponse?: unknown; workflowData?: INodeExecutionData[][]; noWebhookResponse?: boolean; response: FakeResponse }> {
	const harness = buildHarness(opts);
	const headers = Object.fromEntries(Object.entries(opts.request.headers).map(([key, value]) => [key.toLowerCase(), value]));
	const response: FakeResponse = { statusCode: 200, headers: {}, ended: false };
	const res = {
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		setHeader(key: string, value: string) {
			response.headers[key.toLowerCase()] = value;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			response.ended = true;
			return res;
		},
		send(body?: unknown) {
			response.body = body;
			response.ended = true;
			return res;
		},
		end(body?: unknown) {
			if (body !== undefined) response.body = body;
			response.ended = true;
			return res;
		},
	};
	const req = {
		method: opts.request.method,
		headers,
		body: opts.request.body,
		rawBody: opts.request.rawBody ?? (opts.request.body !== undefined ? Buffer.from(JSON.stringify(opts.request.body)) : Buffer.alloc(0)),
		query: opts.request.query ?? {},
		params: {},
		header: (name: string) => headers[name.toLowerCase()],
		get: (name: string) => headers[name.toLowerCase()],
	};
	harness.additionalData.httpRequest = req as never;
	harness.additionalData.httpResponse = res as never;
	const data = webhookData(harness, opts.node, opts.webhookName ?? 'default', false);
	const context = new WebhookContext(harness.workflow, harness.node, harness.additionalData, 'trigger', data, [], null);
	const result = await opts.node.webhook!.call(context);
	syncStaticData(opts.staticData, harness.workflow);
	return { ...result, response };
}
