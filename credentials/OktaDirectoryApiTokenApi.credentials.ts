import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { oktaBaseUrl, oktaBaseUrlExpression, oktaDomainProperty } from '../nodes/Okta/shared/domain';

export class OktaDirectoryApiTokenApi implements ICredentialType {
	name = 'oktaDirectoryApiTokenApi';

	displayName = 'Okta Directory API Token API';

	documentationUrl = 'https://github.com/n8n-nodes-okta/n8n-nodes-okta#credentials';

	icon = { light: 'file:okta.svg', dark: 'file:okta.dark.svg' } as const;

	properties: INodeProperties[] = [
		oktaDomainProperty,
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Created in the Admin Console under Security > API > Tokens. It acts with the permissions of the admin who created it.',
		},
	];

	/**
	 * A function rather than a generic header template, so that the domain is checked before the token goes
	 * anywhere: a bad domain fails the credential **Test** and every run with the node's own message ("… is not
	 * an Okta domain …"), instead of a DNS error for the `.invalid` host the test URL expression falls back to.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		oktaBaseUrl(credentials.domain);
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `SSWS ${String(credentials.apiToken)}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${oktaBaseUrlExpression('$credentials.domain')} }}`,
			url: '/api/v1/users/me',
		},
	};
}
