import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { oktaBaseUrlExpression, oktaDomainProperty } from '../nodes/Okta/shared/domain';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=SSWS {{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${oktaBaseUrlExpression('$credentials.domain')} }}`,
			url: '/api/v1/users/me',
		},
	};
}
