import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeProperties,
} from 'n8n-workflow';

import { signClientAssertion } from '../nodes/Okta/shared/clientAssertion';
import { oktaBaseUrl, oktaBaseUrlExpression, oktaDomainProperty } from '../nodes/Okta/shared/domain';
import {
	dpopNonceFor,
	generateDpopKey,
	parseDpopKey,
	rememberDpopNonce,
	signDpopProof,
	type DpopAlgorithm,
} from '../nodes/Okta/shared/dpop';
import { describeOktaFailure, extractHttpFailure } from '../nodes/Okta/shared/errors';
import { OKTA_SERVICE_APP_DEFAULT_SCOPES } from './scopes';

/** The URL a request goes to, from the options either of n8n's request helpers passes to `authenticate`. */
function requestUrl(options: IHttpRequestOptions & { uri?: string }): string {
	const target = String(options.uri ?? options.url ?? '');
	if (/^https?:\/\//i.test(target)) return target;
	return `${String(options.baseURL ?? '').replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`;
}

/**
 * OAuth 2.0 client credentials for unattended jobs. Okta's org authorization server only accepts
 * private_key_jwt here, which n8n's generic OAuth2 credential cannot do, so the token is fetched in
 * `preAuthentication` and kept in an expirable hidden field that n8n refreshes on 401.
 *
 * With DPoP on (the default), each token fetch generates a new key pair, proves it to the token endpoint
 * and stores it next to the token in a second hidden field; `authenticate` then signs a fresh proof for
 * every request, so the HTTP Request node with this credential sends DPoP too.
 */
export class OktaDirectoryServiceAppApi implements ICredentialType {
	name = 'oktaDirectoryServiceAppApi';

	displayName = 'Okta Directory Service App API';

	documentationUrl = 'https://github.com/n8n-nodes-okta/n8n-nodes-okta#credentials';

	icon = { light: 'file:okta.svg', dark: 'file:okta.dark.svg' } as const;

	properties: INodeProperties[] = [
		oktaDomainProperty,
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '0oa1b2c3d4e5f6g7h8i9',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 6 },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description: 'The private half of the key registered on the app (PEM, or the JWK JSON Okta generated). RSA or EC P-256.',
		},
		{
			displayName: 'Key ID',
			name: 'kid',
			type: 'string',
			default: '',
			description: 'The key\'s KID from the app\'s Public Keys list. Needed when the app has more than one key.',
		},
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'string',
			default: OKTA_SERVICE_APP_DEFAULT_SCOPES,
			description: 'Space-separated okta.* scopes, each granted to the app on its Okta API Scopes tab',
		},
		{
			displayName: 'DPoP',
			name: 'dpop',
			type: 'boolean',
			default: true,
			description:
				'Whether to bind tokens to a key n8n generates (Demonstrating Proof of Possession, RFC 9449), so a copied token is useless without it. Keep Okta\'s "Require DPoP" setting on for the app.',
		},
		{
			displayName: 'DPoP Algorithm',
			name: 'dpopAlgorithm',
			type: 'options',
			default: 'ES256',
			options: [
				{ name: 'ES256 (EC P-256)', value: 'ES256' },
				{ name: 'RS256 (RSA 2048)', value: 'RS256' },
			],
			description: 'How n8n signs DPoP proofs. Independent of the private key above, which only signs the client assertion.',
			displayOptions: { show: { dpop: [true] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// Written together with accessToken by preAuthentication; n8n checks only the first expirable field.
			displayName: 'DPoP Private Key',
			name: 'dpopPrivateKey',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const tokenUrl = `${oktaBaseUrl(credentials.domain)}/oauth2/v1/token`;
		const algorithm: DpopAlgorithm = credentials.dpopAlgorithm === 'RS256' ? 'RS256' : 'ES256';
		// A new key with every token: a key never outlives the token bound to it.
		const dpopKey = credentials.dpop === false ? '' : generateDpopKey(algorithm);
		const proofKey = dpopKey ? parseDpopKey(dpopKey) : undefined;
		const requestToken = async (nonce: string | undefined): Promise<IN8nHttpFullResponse> => {
			// A new assertion per attempt: Okta accepts each assertion's jti once.
			const assertion = signClientAssertion({
				clientId: String(credentials.clientId ?? '').trim(),
				privateKey: String(credentials.privateKey ?? ''),
				keyId: String(credentials.kid ?? '').trim() || undefined,
				audience: tokenUrl,
			});
			const form = new URLSearchParams({
				grant_type: 'client_credentials',
				scope: String(credentials.scopes ?? OKTA_SERVICE_APP_DEFAULT_SCOPES).trim().replace(/\s+/g, ' '),
				client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
				client_assertion: assertion,
			});
			const headers: IDataObject = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
			if (proofKey) headers.DPoP = signDpopProof({ key: proofKey, method: 'POST', url: tokenUrl, nonce });
			try {
				return (await this.helpers.httpRequest({
					method: 'POST',
					url: tokenUrl,
					headers,
					body: form.toString(),
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				})) as IN8nHttpFullResponse;
			} catch (error) {
				// Built from the parsed failure only: the raw error holds the assertion and the proof.
				throw new Error(`Okta refused the service app's token request: ${describeOktaFailure(extractHttpFailure(error)).message}`);
			}
		};

		let response = await requestToken(dpopKey ? dpopNonceFor(tokenUrl) : undefined);
		const nonce = dpopKey ? rememberDpopNonce(tokenUrl, response.headers) : undefined;
		// Okta's nonce exchange (RFC 9449 §8): 400 use_dpop_nonce plus a DPoP-Nonce header; asked once more with it.
		if (response.statusCode === 400 && (response.body as IDataObject)?.error === 'use_dpop_nonce' && nonce) {
			response = await requestToken(nonce);
			rememberDpopNonce(tokenUrl, response.headers);
		}
		const body = (response.body ?? {}) as IDataObject;
		if (response.statusCode < 200 || response.statusCode >= 300) {
			const failure = { status: response.statusCode, headers: response.headers as Record<string, string>, body };
			throw new Error(`Okta refused the service app's token request: ${describeOktaFailure(failure).message}`);
		}
		if (typeof body.access_token !== 'string') {
			throw new Error('Okta\'s token endpoint answered without an access_token');
		}
		const tokenType = String(body.token_type ?? '');
		if (dpopKey && tokenType.toLowerCase() !== 'dpop') {
			// Using it would silently drop the protection the switch promises.
			throw new Error(
				`Okta issued a ${tokenType || 'untyped'} token instead of a DPoP-bound one. Turn on "Require Demonstrating Proof of Possession (DPoP) header in token requests" ` +
					'in the Okta app\'s General Settings (recommended), or turn off DPoP in this credential',
			);
		}
		return { accessToken: body.access_token, dpopPrivateKey: dpopKey };
	}

	/** `Authorization: DPoP <token>` plus a fresh proof for this method and URL, or a Bearer token when DPoP is off. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const accessToken = String(credentials.accessToken ?? '');
		const dpopKey = String(credentials.dpopPrivateKey ?? '');
		if (!dpopKey) {
			// A stored token without a key was fetched while DPoP was off, so it is unbound. With the switch on it is
			// not sent: Okta's 401 makes n8n fetch a new, DPoP-bound token.
			if (credentials.dpop !== false) return requestOptions;
			return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${accessToken}` } };
		}
		const url = requestUrl(requestOptions);
		const proof = signDpopProof({ key: parseDpopKey(dpopKey), method: requestOptions.method ?? 'GET', url, accessToken, nonce: dpopNonceFor(url) });
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `DPoP ${accessToken}`, DPoP: proof } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${oktaBaseUrlExpression('$credentials.domain')} }}`,
			url: '/api/v1/users',
			qs: { limit: 1 },
		},
	};
}
