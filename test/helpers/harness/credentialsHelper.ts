import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
	getCredentialOwnRequestAllowedDomains,
	isExpression,
	jsonParse,
} from 'n8n-workflow';

import { CredentialTypeRegistry } from './credentialTypes';
import { ensureExpressionEngine } from './expressionEngine';

/**
 * An ICredentialsHelper that does what n8n 2.41 CLI's CredentialsHelper (packages/cli/src/credentials-helper.ts)
 * does with credential types, over an in-memory store of already-decrypted credentials instead of the
 * database: defaults and `$self` expressions (getDecrypted / applyDefaultsAndOverwrites), generic and
 * function `authenticate`, `preAuthentication` with the expirable-field rule and persistence, OAuth2
 * token writes. Left out, because they need an n8n instance: credential overwrites, external secrets,
 * dynamic (per-user) credentials, the AI gateway and project policies.
 */

export interface TestCredential {
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** What n8n drops from stored data when the type declares it hidden, so the type's own value wins (2.41). */
const OAUTH_PINNED_FIELDS = ['useDynamicClientRegistration', 'authUrl', 'accessTokenUrl', 'grantType', 'authentication', 'usePkce', 'requestTokenUrl', 'signatureMethod'];

const mockNode: INode = { id: 'mock', name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };
const mockNodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

const clone = <T>(value: T): T => structuredClone(value);

/** What n8n's DB row would hold, minus encryption: enough for ICredentials' users (preAuthentication). */
class StoredCredentials implements ICredentials {
	data: string | undefined = undefined;

	constructor(
		private readonly helper: TestCredentialsHelper,
		readonly id: string,
		readonly name: string,
		readonly type: string,
	) {}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return clone(this.helper.stored(this.type)?.data ?? {});
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.helper.stored(this.type)?.data ?? {}) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.helper.write(this.type, clone(data));
	}

	async updateData(toUpdate: Partial<ICredentialDataDecryptedObject>, toDelete: string[] = []): Promise<void> {
		const next: ICredentialDataDecryptedObject = { ...(this.helper.stored(this.type)?.data ?? {}), ...clone(toUpdate) } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete next[key];
		this.helper.write(this.type, next);
	}
}

/**
 * Applies the credential's domain allowlist to the requests its preAuthentication makes, as n8n does
 * (restrictToCredentialDomains): the hook gets only `helpers.httpRequest`.
 */
function restrictToCredentialDomains(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions) => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	} as IHttpRequestHelper;
}

export class TestCredentialsHelper extends ICredentialsHelper {
	/** The stored data after every write n8n made (preAuthentication result, OAuth2 token), oldest first. */
	readonly updates: ICredentialDataDecryptedObject[] = [];

	/** How often the credential type's preAuthentication ran through the expirable-field path. */
	preAuthenticationCalls = 0;

	readonly types: CredentialTypeRegistry;

	private readonly store = new Map<string, TestCredential>();

	private readonly nodeTypes?: INodeTypes;

	/**
	 * @param credentials the credentials "in the database", as the user entered them (not mutated)
	 * @param _workflow unused; kept so older callers that passed a workflow factory still compile
	 */
	constructor(
		credentials?: TestCredential | TestCredential[],
		_workflow?: unknown,
		options: { credentialTypes?: ICredentialType[]; nodeTypes?: INodeTypes } = {},
	) {
		super();
		this.types = new CredentialTypeRegistry(options.credentialTypes);
		for (const credential of [credentials ?? []].flat()) this.store.set(credential.type, { type: credential.type, data: clone(credential.data) });
		this.nodeTypes = options.nodeTypes;
	}

	/** The current stored (raw) data of a credential type. */
	stored(type: string): TestCredential | undefined {
		return this.store.get(type);
	}

	/** Replaces the stored data, as n8n's repository update does, and records the write. */
	write(type: string, data: ICredentialDataDecryptedObject): void {
		this.store.set(type, { type, data });
		this.updates.push(clone(data));
	}

	getParentTypes(name: string): string[] {
		return this.types.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.find(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		const node = this.nodeTypes?.getByName(nodeType);
		const description = node ? NodeHelpers.getVersionedNodeType(node).description : undefined;
		return (description?.credentials ?? []).some((credential) => credential.name === credentialType) || (type.supportedNodes ?? []).includes(nodeType);
	}

	/** As n8n: the parents' properties merged first (skipping doNotInherit), then the type's own by name. */
	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.types.getByName(type);
		if (credentialType.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [...credentialType.properties, { displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', required: false, default: {} }];
			}
			return credentialType.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.types.getByName(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!workflow || !node) throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
					const valueResolved = this.resolveValue(value as string, { $credentials: credentials }, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	private resolveValue(parameterValue: string, additionalKeys: IWorkflowDataProxyAdditionalKeys, workflow: Workflow, node: INode): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const value = workflow.expression.getSimpleParameterValue(node, parameterValue, 'internal', additionalKeys, undefined, '');
		if (!value) return '';
		return String(value);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types.getByName(typeName);
		const expirable = credentialType.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		if (expirable?.name === undefined) return undefined;
		// n8n's marker for "this is the credential test's temporary node"
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) return undefined;
		this.preAuthenticationCalls++;
		const output = (await credentialType.preAuthentication.call(restrictToCredentialDomains(helpers, credentials), credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		if (!node.credentials) return undefined;
		const nodeCredentials = node.credentials[credentialType.name];
		// Persist onto the stored data, never over a field the user stored as an expression.
		const storedData = await (await this.getCredentials(nodeCredentials, credentialType.name)).getData();
		const dataToPersist: ICredentialDataDecryptedObject = { ...storedData };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(storedData[key])) dataToPersist[key] = value;
		}
		await this.updateCredentials(nodeCredentials, credentialType.name, dataToPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(restrictToCredentialDomains(helpers, credentials), credentials);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails | undefined, type: string): Promise<ICredentials> {
		if (!nodeCredentials?.id) throw new UserError(`Credential "${nodeCredentials?.name ?? ''}" of type "${type}" has no ID`);
		if (!this.store.has(type)) throw new UserError(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		return new StoredCredentials(this, nodeCredentials.id, nodeCredentials.name, type);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode = 'internal',
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		const data = await credentials.getData();
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(additionalData, data, type, mode, executeData, expressionResolveValues);
	}

	/** n8n's applyDefaultsAndOverwrites, without overwrites (none are configured in tests). */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode = 'internal',
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		await ensureExpressionEngine();
		const properties = this.getCredentialsProperties(type);
		const storedData = { ...decryptedDataOriginal };
		for (const field of OAUTH_PINNED_FIELDS) {
			if (properties.some((property) => property.name === field && property.type === 'hidden')) delete storedData[field];
		}
		let decryptedData = NodeHelpers.getNodeParameters(properties, storedData as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
		if (decryptedDataOriginal.oauthTokenData !== undefined) decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		if (decryptedData.allowedHttpRequestDomains === undefined && decryptedDataOriginal.allowedHttpRequestDomains !== undefined) {
			decryptedData.allowedHttpRequestDomains = decryptedDataOriginal.allowedHttpRequestDomains;
		}
		if (decryptedData.allowedDomains === undefined && decryptedDataOriginal.allowedDomains !== undefined) {
			decryptedData.allowedDomains = decryptedDataOriginal.allowedDomains;
		}
		const parsedJsonLeaves = new Map<string, string>();
		for (const property of properties) {
			if (!property.typeOptions?.resolveCredentialJsonLeaves) continue;
			const value = decryptedData[property.name];
			if (typeof value !== 'string' || value === '') continue;
			const invalid = Symbol('invalid');
			const parsed = jsonParse<unknown>(value, { fallbackValue: invalid });
			if (parsed === invalid) continue;
			parsedJsonLeaves.set(property.name, value);
			decryptedData[property.name] = parsed as ICredentialDataDecryptedObject[string];
		}
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (error) {
				(error as Error).message += ' [Error resolving credentials]';
				throw error;
			}
		} else {
			const workflow = new Workflow({ nodes: [mockNode], connections: {}, active: false, nodeTypes: mockNodeTypes });
			decryptedData = this.resolveCredentialExpressions(workflow, properties, decryptedData, mode, additionalKeys);
		}
		for (const [name, original] of parsedJsonLeaves) decryptedData[name] = JSON.stringify(decryptedData[name]) ?? original;
		return decryptedData;
	}

	private resolveCredentialExpressions(
		workflow: Workflow,
		properties: INodeProperties[],
		decryptedData: ICredentialDataDecryptedObject,
		mode: WorkflowExecuteMode,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
	): ICredentialDataDecryptedObject {
		try {
			return workflow.expression.getComplexParameterValue(mockNode, decryptedData as INodeParameters, mode, additionalKeys, undefined, undefined, decryptedData) as ICredentialDataDecryptedObject;
		} catch (originalError) {
			// Per field, so fields that opted in may fail to resolve without failing the rest (as n8n).
			const byName = new Map(properties.map((property) => [property.name, property]));
			const resolved: ICredentialDataDecryptedObject = {};
			for (const [name, value] of Object.entries(decryptedData)) {
				try {
					const one = workflow.expression.getComplexParameterValue(mockNode, { [name]: value } as INodeParameters, mode, additionalKeys, undefined, undefined, decryptedData) as ICredentialDataDecryptedObject;
					if (Object.prototype.hasOwnProperty.call(one, name)) resolved[name] = one[name];
				} catch {
					if (byName.get(name)?.typeOptions?.ignoreCredentialExpressionResolveError === true) continue;
					throw originalError;
				}
			}
			return resolved;
		}
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		await (await this.getCredentials(nodeCredentials, type)).setData(data);
	}

	async updateCredentialsOauthTokenData(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		await (await this.getCredentials(nodeCredentials, type)).updateData({ oauthTokenData: data.oauthTokenData });
	}
}
