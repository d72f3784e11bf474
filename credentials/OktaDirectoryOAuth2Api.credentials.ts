import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { oktaBaseUrlExpression, oktaDomainProperty } from '../nodes/Okta/shared/domain';
import { OKTA_OAUTH2_DEFAULT_SCOPES } from './scopes';

/**
 * Authorization code + refresh token against Okta's org authorization server, the only one that can mint
 * okta.* scopes. n8n's OAuth flow discards a stored `scope` for non-generic OAuth2 types, so the scope is
 * a hidden field computed from a toggle and a custom-scopes field.
 */
export class OktaDirectoryOAuth2Api implements ICredentialType {
	name = 'oktaDirectoryOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Okta Directory OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-okta/n8n-nodes-okta#credentials';

	icon = { light: 'file:okta.svg', dark: 'file:okta.dark.svg' } as const;

	properties: INodeProperties[] = [
		oktaDomainProperty,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${oktaBaseUrlExpression()} }}/oauth2/v1/authorize`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${oktaBaseUrlExpression()} }}/oauth2/v1/token`,
		},
		{
			displayName: 'Use Custom Scopes',
			name: 'useCustomScopes',
			type: 'boolean',
			default: false,
			description:
				'Whether to request your own scopes instead of the default set, which covers every operation of the Okta Directory node and trigger plus openid, profile, email and offline_access',
		},
		{
			displayName: 'Custom Scopes',
			name: 'customScopes',
			type: 'string',
			displayOptions: { show: { useCustomScopes: [true] } },
			default: OKTA_OAUTH2_DEFAULT_SCOPES,
			description:
				'Space-separated. Each scope must also be granted on the app (Okta API Scopes tab). Keep offline_access for a refresh token and openid for Get User Info.',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: `={{ $self.useCustomScopes ? $self.customScopes : ${JSON.stringify(OKTA_OAUTH2_DEFAULT_SCOPES)} }}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			// Okta web apps default to client_secret_basic.
			default: 'header',
		},
	];
}
