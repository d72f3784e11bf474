import { isAxiosError } from 'axios';
import { CredentialTestContext, ExecuteContext, HookContext, LoadOptionsContext, PollContext, RoutingNode, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRunExecutionData,
	IRunNodeResponse,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	NodeExecutionHint,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeApiError, NodeHelpers, Workflow, createEmptyRunExecutionData, createRunExecutionData, isNodeClassInstance } from 'n8n-workflow';

import { TestCredentialsHelper, type TestCredential } from './harness/credentialsHelper';
import { ensureExpressionEngine } from './harness/expressionEngine';
import { enginePostProcessing } from './harness/n8nPrivate';
import { fakeRequest, fakeResponse, type FakeResponse, type WebhookRequest } from './harness/http';

/**
 * Runs this package's nodes through n8n-core's own execution contexts, the way n8n 2.41 does:
 *
 * - executeNode: n8n-core's WorkflowExecute.runNode (which builds the ExecuteContext and calls `execute`),
 *   then the engine's own post-processing (paired items, error items, error output, Continue On Fail).
 * - runLoadOptions / runListSearch: a LoadOptionsContext on a "Temp-Node", as DynamicNodeParametersService.
 * - runWebhookMethod: a HookContext with n8n's modes (activation, test listening, removal), as WebhookService.
 * - runWebhook: a WebhookContext over a fake express request/response, as WebhookService.runWebhook.
 * - testCredential: the credential's `test` request through RoutingNode, as CredentialsTester.
 *
 * `this.helpers.httpRequestWithAuthentication` and friends are n8n-core's real ones (real HTTP, OAuth2 refresh
 * via @n8n/client-oauth2, preAuthentication, retries); only the credential store is the harness's own
 * (TestCredentialsHelper, modelled on n8n CLI's CredentialsHelper). Expressions are evaluated by n8n-workflow
 * with the engine n8n uses (see harness/expressionEngine.ts).
 */

export type { TestCredential } from './harness/credentialsHelper';
export type { FakeResponse, WebhookRequest } from './harness/http';
export { TestCredentialsHelper } from './harness/credentialsHelper';
export { registerCredentialType, oAuth2ApiCredentialType } from './harness/credentialTypes';
export { expressionEngine, ensureExpressionEngine } from './harness/expressionEngine';
export { processedDataTable, type ProcessedDataTable } from './harness/processedData';

type AnyNodeType = INodeType | IVersionedNodeType;

/** Options every entry point shares. */
export interface HarnessOptions {
	/** The node, an instance, e.g. `new OktaDirectory()`. */
	node: AnyNodeType;
	/** The node's parameters as the editor saves them; n8n adds defaults and drops parameters that are not displayed. */
	parameters?: INodeParameters;
	/** The credential (already decrypted, as the user entered it), put in the node's slot for its type. */
	credentials?: TestCredential;
	/** Credential types beyond the package's own and n8n's oAuth2Api (e.g. a test's throwaway type). */
	credentialTypes?: ICredentialType[];
	/** Defaults to the node's default version (or its latest). */
	typeVersion?: number;
	/** Defaults to the node's `defaults.name`, as the editor names a new node. */
	nodeName?: string;
}

const PACKAGE_NAME: string = (() => {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return (require('../../package.json') as { name: string }).name;
	} catch {
		return 'n8n-nodes-test';
	}
})();

const INPUT_NODE_NAME = 'Input';
const INPUT_NODE_TYPE = 'n8n-nodes-base.manualTrigger';
const CREDENTIAL_ID = 'test-credential-id';
/** The workflow every harnessed node runs in (its id and name show up in hook names). */
export const HARNESS_WORKFLOW = { id: 'test-workflow-id', name: 'Test workflow' } as const;
const WORKFLOW_ID = HARNESS_WORKFLOW.id;
/** Where n8n lives in tests unless a test says otherwise (N8N's default port, no WEBHOOK_URL). */
const INSTANCE_BASE = 'http://localhost:5678';

function descriptionOf(node: AnyNodeType, version?: number): INodeTypeDescription {
	return NodeHelpers.getVersionedNodeType(node, version).description;
}

function defaultVersion(node: AnyNodeType): number {
	const description = node.description as INodeTypeDescription & { defaultVersion?: number };
	if (typeof description.defaultVersion === 'number') return description.defaultVersion;
	if ('nodeVersions' in node) return node.currentVersion;
	return Array.isArray(description.version) ? Math.max(...description.version) : description.version;
}

/** The one-node registry n8n-core looks node types up in (plus the stand-in upstream trigger). */
function nodeTypesFor(node: AnyNodeType, typeName: string): INodeTypes {
	const inputNodeType: INodeType = {
		description: { displayName: 'Input', name: 'manualTrigger', group: ['trigger'], version: 1, description: '', defaults: {}, inputs: [], outputs: ['main'], properties: [] },
	} as unknown as INodeType;
	const find = (name: string): AnyNodeType | undefined => (name === typeName ? node : name === INPUT_NODE_TYPE ? inputNodeType : undefined);
	return {
		getByName: (name: string) => {
			const found = find(name);
			if (!found) throw new Error(`Unknown node type "${name}"`);
			return found;
		},
		getByNameAndVersion: (name: string, version?: number) => {
			const found = find(name);
			if (!found) throw new Error(`Unknown node type "${name}"`);
			return NodeHelpers.getVersionedNodeType(found, version);
		},
		getKnownTypes: () => ({}),
	} as INodeTypes;
}

interface BaseUrls {
	webhookBaseUrl: string;
	webhookTestBaseUrl: string;
}

function additionalDataFor(credentialsHelper: TestCredentialsHelper, urls: Partial<BaseUrls> = {}): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new Error(`${what} is not supported by the test harness`);
	};
	return {
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${INSTANCE_BASE}/rest`,
		instanceBaseUrl: `${INSTANCE_BASE}/`,
		formWaitingBaseUrl: `${INSTANCE_BASE}/form-waiting`,
		formBaseUrl: `${INSTANCE_BASE}/form`,
		formTestBaseUrl: `${INSTANCE_BASE}/form-test`,
		webhookBaseUrl: urls.webhookBaseUrl ?? `${INSTANCE_BASE}/webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_BASE}/webhook-waiting`,
		webhookTestBaseUrl: urls.webhookTestBaseUrl ?? `${INSTANCE_BASE}/webhook-test`,
		mcpBaseUrl: `${INSTANCE_BASE}/mcp`,
		mcpTestBaseUrl: `${INSTANCE_BASE}/mcp-test`,
		userId: 'test-user-id',
		workflowId: WORKFLOW_ID,
		variables: {},
		externalSecretsProxy: { hasProvider: () => false, getSecret: () => undefined, listProviders: () => [], hasSecret: () => false, listSecrets: () => [] },
		setExecutionStatus: () => undefined,
		executeWorkflow: unsupported('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('The task runner'),
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

interface Harness {
	workflow: Workflow;
	node: INode;
	nodeType: INodeType;
	additionalData: IWorkflowExecuteAdditionalData;
	credentialsHelper: TestCredentialsHelper;
}

function buildHarness(
	opts: HarnessOptions & {
		onError?: INode['onError'];
		staticData?: IDataObject;
		webhookId?: string;
		urls?: Partial<BaseUrls>;
		nodeId?: string;
		withInputNode?: boolean;
		forceNodeName?: string;
	},
): Harness {
	const version = opts.typeVersion ?? defaultVersion(opts.node);
	const description = descriptionOf(opts.node, version);
	const typeName = description.name.includes('.') ? description.name : `${PACKAGE_NAME}.${description.name}`;
	const nodeTypes = nodeTypesFor(opts.node, typeName);
	const nodeType = nodeTypes.getByNameAndVersion(typeName, version);
	const credential = opts.credentials;
	if (credential && !(description.credentials ?? []).some((slot) => slot.name === credential.type)) {
		throw new Error(`${description.name} has no credential slot of type ${credential.type} (it has: ${(description.credentials ?? []).map((slot) => slot.name).join(', ') || 'none'})`);
	}
	const name = opts.forceNodeName ?? opts.nodeName ?? (typeof description.defaults?.name === 'string' ? description.defaults.name : description.displayName);
	const node: INode = {
		id: opts.nodeId ?? '8e5f3a50-0000-4000-8000-000000000001',
		name,
		type: typeName,
		typeVersion: version,
		position: [0, 0],
		parameters: structuredClone(opts.parameters ?? {}),
		...(credential ? { credentials: { [credential.type]: { id: CREDENTIAL_ID, name: `${credential.type} (test)` } } } : {}),
		...(opts.onError ? { onError: opts.onError } : {}),
		...(description.webhooks?.length ? { webhookId: opts.webhookId ?? 'okta-test-webhook' } : {}),
	};
	const nodes: INode[] = [node];
	const connections: Workflow['connectionsBySourceNode'] = {};
	if (opts.withInputNode) {
		nodes.unshift({ id: '8e5f3a50-0000-4000-8000-000000000000', name: INPUT_NODE_NAME, type: INPUT_NODE_TYPE, typeVersion: 1, position: [-200, 0], parameters: {} });
		connections[INPUT_NODE_NAME] = { main: [[{ node: name, type: 'main', index: 0 }]] };
	}
	// The Workflow constructor adds parameter defaults and drops parameters that are not displayed, as in n8n.
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: HARNESS_WORKFLOW.name,
		nodes,
		connections,
		active: false,
		nodeTypes,
		staticData: opts.staticData ? { [`node:${name}`]: structuredClone(opts.staticData) } : {},
		settings: { executionOrder: 'v1' },
	});
	const credentialsHelper = new TestCredentialsHelper(credential, undefined, { credentialTypes: opts.credentialTypes, nodeTypes });
	const additionalData = additionalDataFor(credentialsHelper, opts.urls);
	return { workflow, node: workflow.getNode(name)!, nodeType, additionalData, credentialsHelper };
}

/** Copies the node's static data back into the caller's object, deletions included. */
function syncStaticData(target: IDataObject | undefined, harness: Harness): void {
	if (!target) return;
	const current = JSON.parse(JSON.stringify(harness.workflow.staticData[`node:${harness.node.name}`] ?? {})) as IDataObject;
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, current);
}

/**
 * Whether n8n 2.41 keeps what a webhook() call changed in static data. live-webhooks.js calls
 * WorkflowStaticDataService.saveStaticData after a production call, which writes only when
 * `staticData.__dataChanged` is set; but when webhook() returned items, WebhookHelpers.executeWebhook first
 * starts the run, whose new Workflow over the same static data resets that flag, so nothing is written
 * (seen in test/e2e/trigger.e2e.test.ts). test-webhooks.js works on a cached copy and never saves it.
 */
function savesWebhookStaticData(harness: Harness, isTest: boolean, result: IWebhookResponseData | undefined): boolean {
	return !isTest && result?.workflowData === undefined && (harness.workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true;
}

export interface ExecuteNodeResult {
	/** The node's output per output index, after n8n's post-processing; [] when n8n would not run the node (no input items). */
	output: INodeExecutionData[][];
	/** The stored credential data after each write n8n made (preAuthentication result, OAuth2 token refresh). */
	credentialUpdates: ICredentialDataDecryptedObject[];
	/** How often the credential type's preAuthentication ran because the expirable field was empty or the request got a 401. */
	preAuthenticationCalls: number;
	/** Execution hints the node added (this.addExecutionHints). */
	hints: NodeExecutionHint[];
	/** Top-level parameters the test gave that n8n dropped because the editor would not display them. */
	ignoredParameters: string[];
}

/** A node run that returned without throwing: its type, the parameters n8n resolved, and its output. */
export interface ExecutedNode {
	type: string;
	parameters: INodeParameters;
	output: INodeExecutionData[][];
}

const executedNodeListeners = new Set<(run: ExecutedNode) => void>();

/** Calls `listener` after each executeNode run that returned (for coverage of what actually ran); returns an unsubscribe. */
export function onNodeExecuted(listener: (run: ExecutedNode) => void): () => void {
	executedNodeListeners.add(listener);
	return () => executedNodeListeners.delete(listener);
}

/**
 * Executes the node on `items` like one "Execute step" in n8n: the input comes from an upstream node named
 * "Input" (so `$json`, `$input` and `$('Input').item` resolve), the node runs through n8n-core's
 * WorkflowExecute.runNode, and its output gets n8n's paired-item assignment and error-item normalisation.
 * When the node throws: with `continueOnFail` n8n passes the input items through (as n8n does), otherwise
 * the error is thrown (an axios error wrapped in NodeApiError, as n8n does).
 */
export async function executeNode(
	opts: HarnessOptions & {
		parameters: INodeParameters;
		/** Input items, default [{ json: {} }]. */
		items?: INodeExecutionData[];
		/** true: onError 'continueRegularOutput' (Continue On Fail); or an explicit onError setting. */
		continueOnFail?: boolean | 'continueRegularOutput' | 'continueErrorOutput';
		/** 'manual' (the editor, default) or a production mode such as 'trigger' or 'webhook'. */
		mode?: WorkflowExecuteMode;
		/** The node's static data (getWorkflowStaticData('node')); updated in place. */
		staticData?: IDataObject;
	},
): Promise<ExecuteNodeResult> {
	await ensureExpressionEngine();
	const onError = opts.continueOnFail === true ? 'continueRegularOutput' : opts.continueOnFail || undefined;
	const harness = buildHarness({ ...opts, onError, withInputNode: true });
	const { workflow, node, additionalData, credentialsHelper } = harness;
	const mode = opts.mode ?? 'manual';
	const items = structuredClone(opts.items ?? [{ json: {} }]);
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		resultData: {
			runData: {
				[INPUT_NODE_NAME]: [
					{ startTime: Date.now(), executionTime: 0, executionIndex: 0, source: [], executionStatus: 'success', data: { main: [structuredClone(items)] } },
				],
			},
			lastNodeExecuted: INPUT_NODE_NAME,
		},
	});
	const executeData: IExecuteData = {
		node,
		data: { main: [items] },
		source: { main: [{ previousNode: INPUT_NODE_NAME, previousNodeOutput: 0, previousNodeRun: 0 }] },
	};
	additionalData.executionId = 'test-execution-id';
	const engine = new WorkflowExecute(additionalData, mode, runExecutionData);
	const post = enginePostProcessing(engine);
	// As processRunExecutionData does before running a node: every input item is paired with its index.
	executeData.data = post.addPairedItemLineage(executeData);
	let output: INodeExecutionData[][] | null;
	let hints: NodeExecutionHint[] = [];
	let failed = false;
	try {
		const response = await engine.runNode(workflow, executeData, runExecutionData, 0, additionalData, mode);
		if (!('data' in response) || (response as { actions?: unknown }).actions !== undefined) {
			throw new Error('The node asked the engine to run sub-nodes (an EngineRequest), which the test harness does not support');
		}
		const runNodeResponse = response as IRunNodeResponse & { hints?: NodeExecutionHint[] };
		hints = runNodeResponse.hints ?? [];
		output = runNodeResponse.data ?? null;
		if (output && node.onError === 'continueErrorOutput') post.handleNodeErrorOutput(workflow, executeData, output, 0);
		output = post.assignPairedItems(output, executeData);
		output = post.ensureAlwaysOutputData(output, executeData);
	} catch (caught) {
		const error = isAxiosError(caught) ? new NodeApiError(node, caught as never) : caught;
		if (!post.continuesOnError(node)) throw error;
		failed = true;
		// What WorkflowExecute.handleNodeExecutionError does: the input items go on unchanged.
		output = executeData.data.main[0] ? [executeData.data.main[0]] : null;
	}
	if (output) post.normalizeNodeErrors(output);
	syncStaticData(opts.staticData, harness);
	if (!failed) for (const listener of executedNodeListeners) listener({ type: node.type, parameters: structuredClone(node.parameters), output: output ?? [] });
	const ignoredParameters = Object.keys(opts.parameters).filter((name) => !(name in node.parameters));
	return { output: output ?? [], credentialUpdates: credentialsHelper.updates, preAuthenticationCalls: credentialsHelper.preAuthenticationCalls, hints, ignoredParameters };
}

/** A LoadOptionsContext on a temporary node, as n8n builds one when the editor asks for options. */
function loadOptionsContext(opts: HarnessOptions & { path?: string }): { context: LoadOptionsContext; harness: Harness } {
	const harness = buildHarness({ ...opts, forceNodeName: 'Temp-Node', nodeId: 'uuid-1234' });
	harness.additionalData.currentNodeParameters = harness.node.parameters;
	const context = new LoadOptionsContext(harness.workflow, harness.node, harness.additionalData, opts.path ?? '');
	return { context, harness };
}

/** Runs `methods.listSearch[method]` with the filter and pagination token the resource locator sends. */
export async function runListSearch(
	opts: HarnessOptions & { method: string; filter?: string; paginationToken?: string; /** The parameter path, e.g. 'parameters.groupId'. */ path?: string },
): Promise<INodeListSearchResult> {
	await ensureExpressionEngine();
	const { context, harness } = loadOptionsContext(opts);
	const method = harness.nodeType.methods?.listSearch?.[opts.method];
	if (typeof method !== 'function') throw new Error(`The node has no listSearch method "${opts.method}"`);
	const result = await method.call(context, opts.filter, opts.paginationToken);
	const token = result?.paginationToken;
	return typeof token === 'number' ? { ...result, paginationToken: String(token) } : result;
}

/** Runs `methods.loadOptions[method]`, as the editor's options dropdown does. */
export async function runLoadOptions(opts: HarnessOptions & { method: string; path?: string }): Promise<INodePropertyOptions[]> {
	await ensureExpressionEngine();
	const { context, harness } = loadOptionsContext(opts);
	const method = harness.nodeType.methods?.loadOptions?.[opts.method];
	if (typeof method !== 'function') throw new Error(`The node has no loadOptions method "${opts.method}"`);
	return await method.call(context);
}

/** The IWebhookData n8n registers for one of the node's webhooks (WebhookService.getNodeWebhooks). */
function webhookData(harness: Harness, webhookName: string, isTest: boolean): IWebhookData {
	const { workflow, node, nodeType, additionalData } = harness;
	const description = nodeType.description.webhooks?.find((webhook) => webhook.name === webhookName);
	if (!description) throw new Error(`The node has no webhook named "${webhookName}"`);
	const evaluate = <T>(value: unknown, fallback: T): T =>
		(value === undefined ? fallback : (workflow.expression.getSimpleParameterValue(node, value as string, 'internal', {}, undefined, fallback as never) as T)) ?? fallback;
	let path = String(evaluate<string>(description.path, '')).trim();
	path = path.replace(/^\//, '').replace(/\/$/, '');
	const isFullPath = evaluate<boolean>(description.isFullPath, false);
	const restartWebhook = evaluate<boolean>(description.restartWebhook, false);
	return {
		httpMethod: String(evaluate<string>(description.httpMethod, 'GET')).split(',')[0].trim() as IWebhookData['httpMethod'],
		node: node.name,
		path: NodeHelpers.getNodeWebhookPath(workflow.id, node, path, isFullPath, restartWebhook),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		...(isTest ? { isTest: true } : {}),
	};
}

/** Production and test webhook bases from the one the test gives (n8n derives both from WEBHOOK_URL). */
function webhookBases(webhookUrl: string, isTest: boolean): BaseUrls {
	const base = webhookUrl.replace(/\/+$/, '');
	if (isTest) return { webhookTestBaseUrl: base, webhookBaseUrl: base.endsWith('/webhook-test') ? base.slice(0, -'-test'.length) : base };
	return { webhookBaseUrl: base, webhookTestBaseUrl: base.endsWith('/webhook') ? `${base}-test` : base };
}

/**
 * Runs `webhookMethods.default[method]` in the HookContext n8n 2.41 uses:
 * - mode 'trigger' (workflow activation): checkExists/create with mode 'trigger' and activation `activation`
 *   ('activate' by default; 'init' at n8n startup, 'update' on re-save), production webhook URL;
 * - mode 'manual' (listening for a test event): checkExists/create with mode 'manual' and activation 'manual',
 *   test webhook URL (webhookData.isTest);
 * - delete, both kinds: mode 'internal', activation 'update', as ActiveWorkflowManager and TestWebhooks call
 *   it; only the webhook URL (test or production) tells the two apart.
 * `webhookUrl` is the webhook base for the chosen mode (n8n's WEBHOOK_URL + '/webhook' or '/webhook-test');
 * the node derives its own URL from it. `staticData` is the node's static data, updated in place.
 */
export async function runWebhookMethod(
	opts: HarnessOptions & {
		method: 'checkExists' | 'create' | 'delete';
		staticData: IDataObject;
		webhookUrl: string;
		mode?: 'trigger' | 'manual';
		activation?: WorkflowActivateMode;
		webhookName?: string;
		webhookId?: string;
	},
): Promise<boolean> {
	await ensureExpressionEngine();
	const isTest = opts.mode === 'manual';
	const harness = buildHarness({ ...opts, urls: webhookBases(opts.webhookUrl, isTest) });
	const data = webhookData(harness, opts.webhookName ?? 'default', isTest);
	let mode: WorkflowExecuteMode;
	let activation: WorkflowActivateMode;
	if (opts.method === 'delete') [mode, activation] = ['internal', 'update'];
	else if (isTest) [mode, activation] = ['manual', 'manual'];
	else [mode, activation] = ['trigger', opts.activation ?? 'activate'];
	const method = harness.nodeType.webhookMethods?.[data.webhookDescription.name]?.[opts.method];
	if (typeof method !== 'function') throw new Error(`The node has no webhook method ${data.webhookDescription.name}.${opts.method}`);
	const context = new HookContext(harness.workflow, harness.node, harness.additionalData, mode, activation, data);
	try {
		return (await method.call(context)) as boolean;
	} finally {
		syncStaticData(opts.staticData, harness);
	}
}

export interface RunWebhookResult extends IWebhookResponseData {
	/** The status the node set on the response object (getResponseObject()), if it set or sent one. */
	status?: number;
	/** What the node sent through the response object: the value given to json(), send() or end(). */
	responseBody?: unknown;
	/** Everything the node did to the response object. */
	response: FakeResponse;
}

/**
 * Calls the node's `webhook()` in a WebhookContext, as n8n does when a request reaches one of its webhooks
 * (mode 'webhook' for a production URL, 'manual' for a test URL). Returns what webhook() returned plus what
 * it wrote to the response object. An error thrown by webhook() is thrown (n8n would answer 500).
 */
export async function runWebhook(
	opts: HarnessOptions & {
		staticData: IDataObject;
		webhookName?: string;
		request: WebhookRequest;
		mode?: 'webhook' | 'manual';
		webhookId?: string;
	},
): Promise<RunWebhookResult> {
	await ensureExpressionEngine();
	const isTest = opts.mode === 'manual';
	const harness = buildHarness(opts);
	const webhookName = opts.webhookName ?? 'default';
	const data = webhookData(harness, webhookName, isTest);
	const { res, response } = fakeResponse();
	harness.additionalData.httpRequest = fakeRequest(opts.request, `${isTest ? 'webhook-test' : 'webhook'}/${data.path}`) as never;
	harness.additionalData.httpResponse = res as never;
	const closeFunctions: Array<() => Promise<void>> = [];
	const context = new WebhookContext(harness.workflow, harness.node, harness.additionalData, isTest ? 'manual' : 'webhook', data, closeFunctions, null);
	const nodeType = harness.nodeType;
	if (!nodeType.webhook) throw new Error('The node has no webhook() method');
	let result: IWebhookResponseData | undefined;
	try {
		result = isNodeClassInstance(nodeType) ? await (nodeType as unknown as { webhook(context: WebhookContext): Promise<IWebhookResponseData> }).webhook(context) : await nodeType.webhook.call(context);
	} finally {
		await Promise.allSettled(closeFunctions.map(async (close) => await close()));
		if (savesWebhookStaticData(harness, isTest, result)) syncStaticData(opts.staticData, harness);
	}
	return {
		...result,
		...(response.touched ? { status: response.statusCode } : {}),
		...(response.body !== undefined ? { responseBody: response.body } : {}),
		response,
	};
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lodashGet = require('lodash/get') as (object: unknown, path: string) => unknown;

const OAUTH2_CREDENTIAL_TEST_SUCCEEDED = 'Connection Successful!';
const OAUTH2_CREDENTIAL_TEST_FAILED = 'This OAuth2 credential was not connected to an account.';

type CredentialTest = ICredentialTestFunction | { nodeType?: INodeType; testRequest: ICredentialTestRequest };

/** CredentialsTester.getCredentialTestFunction: the type's own `test`, else what a node declares for it. */
function credentialTestFor(type: ICredentialType, parents: string[], node?: AnyNodeType): CredentialTest | undefined {
	if (type.test) return { testRequest: type.test };
	if (!node) return undefined;
	const versions: INodeType[] = 'nodeVersions' in node ? Object.values(node.nodeVersions) : [node];
	for (const nodeType of versions) {
		for (const { name, testedBy } of nodeType.description.credentials ?? []) {
			if (name === type.name && (parents.includes('oAuth2Api') || name === 'oAuth2Api')) {
				return async function oauth2CredTest(credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
					const token = credential.data?.oauthTokenData;
					const connected = typeof token === 'object' && token !== null && !Array.isArray(token) && 'access_token' in token;
					return connected ? { status: 'OK', message: OAUTH2_CREDENTIAL_TEST_SUCCEEDED } : { status: 'Error', message: OAUTH2_CREDENTIAL_TEST_FAILED };
				};
			}
			if (name === type.name && testedBy) {
				if (typeof testedBy === 'string') return nodeType.methods?.credentialTest?.[testedBy];
				return { nodeType, testRequest: testedBy };
			}
		}
	}
	return undefined;
}

/**
 * The "Test" button of the credential dialog, as n8n 2.41's CredentialsTester runs it: defaults and
 * expressions applied to `data`, then the type's `test` request sent through RoutingNode on a temporary node
 * (with the credential's `authenticate` and preAuthentication), and its `rules` applied. Without a `test`,
 * a node that declares the credential (`node`) may supply one (`testedBy`), or, for OAuth2 types, n8n's
 * "is there an access token" check.
 */
export async function testCredential(opts: {
	credentialType: ICredentialType;
	data: ICredentialDataDecryptedObject;
	/** A node that uses the credential, for `testedBy` tests and the OAuth2 check. */
	node?: AnyNodeType;
	credentialTypes?: ICredentialType[];
}): Promise<INodeCredentialTestResult> {
	await ensureExpressionEngine();
	const typeName = opts.credentialType.name;
	const helper = new TestCredentialsHelper({ type: typeName, data: opts.data }, undefined, { credentialTypes: [opts.credentialType, ...(opts.credentialTypes ?? [])] });
	const test = credentialTestFor(opts.credentialType, helper.getParentTypes(typeName), opts.node);
	if (test === undefined) return { status: 'Error', message: 'No testing function found for this credential.' };
	const baseAdditionalData = additionalDataFor(helper);
	const credentialsDecrypted: ICredentialsDecrypted = { id: CREDENTIAL_ID, name: `${typeName} (test)`, type: typeName, data: structuredClone(opts.data) };
	try {
		credentialsDecrypted.data = await helper.applyDefaultsAndOverwrites(baseAdditionalData, credentialsDecrypted.data!, typeName, 'internal');
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}
	if (typeof test === 'function') {
		return await test.call(new CredentialTestContext(baseAdditionalData), credentialsDecrypted);
	}

	const baseType: INodeType = test.nodeType ?? ({ description: { displayName: 'No Operation, do nothing', name: 'noOp', group: ['organization'], version: 1, description: '', defaults: {}, inputs: ['main'], outputs: ['main'], properties: [] } } as unknown as INodeType);
	const version = Array.isArray(baseType.description.version) ? baseType.description.version.slice(-1)[0] : baseType.description.version;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: baseType.description.name,
		typeVersion: version,
		position: [0, 0],
		credentials: { [typeName]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...baseType.description,
			credentials: [{ name: typeName, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.testRequest.request }, default: '' }],
		},
	};
	const nodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor(helper);
	additionalData.currentNodeParameters = node.parameters;
	// As CredentialsTester: the data under test, not the stored credential, unless raw data is asked for.
	additionalData.credentialsHelper = new Proxy(helper, {
		get(target, property) {
			if (property === 'getDecrypted') {
				return async (...args: Parameters<TestCredentialsHelper['getDecrypted']>) => (args[5] ? await target.getDecrypted(...args) : (credentialsDecrypted.data ?? {}));
			}
			const value = Reflect.get(target, property) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createEmptyRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, executeData, []);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of test.testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) return { status: 'Error', message: rule.properties.message };
			}
			if (statusCode < 199 || statusCode > 299) return { status: 'Error', message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}
	for (const rule of test.testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		const value = lodashGet(body, rule.properties.key) as unknown;
		if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

export interface RunPollResult {
	/** What poll() returned: the items of one execution, or null when nothing new came. */
	output: INodeExecutionData[][] | null;
	/** What n8n 2.41 would store with the execution (or alone): the node's static data after the poll. */
	staticData: IDataObject;
}

/**
 * Calls the node's `poll()` in n8n-core's PollContext, as n8n's ActiveWorkflowManager does on each poll time
 * (mode 'trigger', activation 'activate' or 'init' after a restart) or for "Fetch Test Event" (mode 'manual').
 * `staticData` is the node's static data, read before and updated in place after, as n8n persists it between
 * polls. `pollBudgetMs` is what n8n 2.41 hands a poll with a lease; leave it out for n8n 1.x's context shape.
 */
export async function runPoll(
	opts: HarnessOptions & {
		staticData: IDataObject;
		mode?: 'trigger' | 'manual';
		activation?: WorkflowActivateMode;
		pollBudgetMs?: number;
		logger?: { warn(message: string, meta?: unknown): void };
	},
): Promise<RunPollResult> {
	await ensureExpressionEngine();
	const harness = buildHarness({ ...opts, staticData: opts.staticData });
	const mode = opts.mode ?? 'trigger';
	const activation = opts.activation ?? (mode === 'manual' ? 'manual' : 'activate');
	const context = new PollContext(
		harness.workflow,
		harness.node,
		harness.additionalData,
		mode,
		activation,
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		opts.pollBudgetMs === undefined ? undefined : () => opts.pollBudgetMs as number,
	);
	if (typeof harness.nodeType.poll !== 'function') throw new Error('The node has no poll()');
	// n8n's logger is one shared instance: its warn is swapped for the poll's duration only.
	const logger = context.logger;
	const originalWarn = logger.warn;
	if (opts.logger) logger.warn = opts.logger.warn;
	try {
		const output = await harness.nodeType.poll.call(context);
		return { output, staticData: opts.staticData };
	} finally {
		// Also after a failed poll: n8n keeps the workflow's static data in memory and saves it with a later emit.
		syncStaticData(opts.staticData, harness);
		logger.warn = originalWarn;
	}
}
