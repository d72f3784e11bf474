import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { signClientAssertion } from '../nodes/Okta/shared/clientAssertion';
import { oktaBaseUrl, oktaBaseUrlExpression, oktaDomainProperty } from '../nodes/Okta/shared/domain';
import { describeOktaFailure, extractHttpFailure } from '../nodes/Okta/shared/errors';
import { OKTA_SERVICE_APP_DEFAULT_SCOPES } from './scopes';

/**
 * OAuth 2.0 client credentials for unattended jobs. Okta's org authorization server only accepts
 * private_key_jwt here, which n8n's generic OAuth2 credential cannot do, so the token is fetched in
 * `preAuthentication` and kept in an expirable hidden field that n8n refreshes on 401.
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
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const tokenUrl = `${oktaBaseUrl(credentials.domain)}/oauth2/v1/token`;
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
		let response: IDataObject;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				body: form.toString(),
				json: true,
			})) as IDataObject;
		} catch (error) {
			// Built from the parsed failure only: the raw error holds the request body with the assertion.
			throw new Error(`Okta refused the service app's token request: ${describeOktaFailure(extractHttpFailure(error)).message}`);
		}
		if (typeof response?.access_token !== 'string') {
			throw new Error('Okta\'s token endpoint answered without an access_token');
		}
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${oktaBaseUrlExpression('$credentials.domain')} }}`,
			url: '/api/v1/users',
			qs: { limit: 1 },
		},
	};
}
