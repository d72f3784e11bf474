import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ICredentialType } from 'n8n-workflow';

/**
 * The credential types the harness knows: n8n's base `oAuth2Api` (from n8n-nodes-base, not installed here),
 * every `*.credentials.ts` in the package's credentials/ folder (loaded on first use, so new ones are
 * picked up), and any a test registers (`registerCredentialType`) or passes per call.
 */

/**
 * n8n-nodes-base 2.41's `oAuth2Api`, property for property as far as credential resolution goes (names,
 * types, defaults, displayOptions, doNotInherit); UI-only text is left out. Credentials that
 * `extends: ['oAuth2Api']` inherit these and override them by name, exactly as n8n merges them
 * (NodeHelpers.mergeNodeProperties, which skips `doNotInherit` ones).
 */
export const oAuth2ApiCredentialType: ICredentialType = {
	name: 'oAuth2Api',
	displayName: 'OAuth2 API',
	genericAuth: true,
	properties: [
		{ displayName: 'Use Dynamic Client Registration', name: 'useDynamicClientRegistration', type: 'hidden', default: false },
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			displayOptions: { show: { useDynamicClientRegistration: [false] } },
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
				{ name: 'PKCE', value: 'pkce' },
			],
			default: 'authorizationCode',
		},
		{ displayName: 'Server URL', name: 'serverUrl', type: 'string', displayOptions: { show: { useDynamicClientRegistration: [true] } }, default: '', required: true },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode', 'pkce'], useDynamicClientRegistration: [false] } },
			default: '',
			required: true,
		},
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', displayOptions: { show: { useDynamicClientRegistration: [false] } }, default: '', required: true },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', displayOptions: { show: { useDynamicClientRegistration: [false] } }, default: '', required: true },
		{ displayName: 'Authentication', name: 'clientCredentialType', type: 'hidden', default: 'clientSecret' },
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			displayOptions: { show: { useDynamicClientRegistration: [false] } },
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{ displayName: 'Private Key', name: 'privateKey', type: 'hidden', default: '' },
		{ displayName: 'Certificate', name: 'certificate', type: 'hidden', default: '' },
		{ displayName: 'Scope', name: 'scope', type: 'string', displayOptions: { show: { useDynamicClientRegistration: [false] } }, default: '' },
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode', 'pkce'], useDynamicClientRegistration: [false] } },
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			displayOptions: { show: { useDynamicClientRegistration: [false] } },
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Header', value: 'header' },
			],
			default: 'header',
		},
		{
			displayName: 'Send Additional Body Properties',
			name: 'sendAdditionalBodyProperties',
			type: 'boolean',
			default: false,
			displayOptions: { show: { grantType: ['clientCredentials'], authentication: ['body'], useDynamicClientRegistration: [false] } },
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'json',
			displayOptions: {
				show: { grantType: ['clientCredentials'], authentication: ['body'], sendAdditionalBodyProperties: [true], useDynamicClientRegistration: [false] },
			},
			default: '',
		},
		{ displayName: 'Ignore SSL Issues (Insecure)', name: 'ignoreSSLIssues', type: 'boolean', default: false, doNotInherit: true },
		{ displayName: 'Token Expired Status Code', name: 'tokenExpiredStatusCode', type: 'number', default: 401, doNotInherit: true },
		{ displayName: 'Encrypted Tokens (JWE)', name: 'jweEnabled', type: 'boolean', default: false, doNotInherit: true },
	],
};

const registered = new Map<string, ICredentialType>();
let packageTypes: Map<string, ICredentialType> | undefined;

function isCredentialType(value: unknown): value is ICredentialType {
	const candidate = value as Partial<ICredentialType> | undefined;
	return typeof candidate?.name === 'string' && Array.isArray(candidate.properties);
}

/** Every credential class exported by credentials/*.credentials.ts of this package. */
function loadPackageCredentialTypes(): Map<string, ICredentialType> {
	const types = new Map<string, ICredentialType>();
	const folder = resolve(__dirname, '../../../credentials');
	if (!existsSync(folder)) return types;
	for (const file of readdirSync(folder).filter((name) => /\.credentials\.ts$/.test(name)).sort()) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(join(folder, file)) as Record<string, unknown>;
		for (const value of Object.values(exported)) {
			if (typeof value !== 'function') continue;
			let instance: unknown;
			try {
				instance = new (value as new () => unknown)();
			} catch {
				continue;
			}
			if (isCredentialType(instance)) types.set(instance.name, instance);
		}
	}
	return types;
}

/** Makes a credential type known to every later harness call in this test file. */
export function registerCredentialType(...types: ICredentialType[]): void {
	for (const type of types) registered.set(type.name, type);
}

/** Looks a credential type up: per-call types first, then registered ones, the package's, and oAuth2Api. */
export class CredentialTypeRegistry {
	private readonly extra = new Map<string, ICredentialType>();

	constructor(extra: ICredentialType[] = []) {
		for (const type of extra) this.extra.set(type.name, type);
	}

	find(name: string): ICredentialType | undefined {
		if (this.extra.has(name)) return this.extra.get(name);
		if (registered.has(name)) return registered.get(name);
		packageTypes ??= loadPackageCredentialTypes();
		if (packageTypes.has(name)) return packageTypes.get(name);
		if (name === oAuth2ApiCredentialType.name) return oAuth2ApiCredentialType;
		return undefined;
	}

	getByName(name: string): ICredentialType {
		const type = this.find(name);
		if (!type) throw new Error(`Unknown credential type "${name}": register it with registerCredentialType() or pass it in credentialTypes`);
		return type;
	}

	/** As n8n CLI's CredentialTypes.getParentTypes: the `extends` chain, nearest first. */
	getParentTypes(name: string): string[] {
		const parents = [...(this.find(name)?.extends ?? [])];
		for (const parent of [...parents]) parents.push(...this.getParentTypes(parent));
		return parents;
	}
}
