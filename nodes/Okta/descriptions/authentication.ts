import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_TYPES } from '../transport/request';

/** The credential slots of every Okta node; the Directory node's (`directoryCredentials`) also hide them for offline resources. */
export const oktaCredentials: INodeCredentialDescription[] = [
	{ name: CREDENTIAL_TYPES.apiToken, required: true, displayOptions: { show: { authentication: ['apiToken'] } } },
	{ name: CREDENTIAL_TYPES.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
	{ name: CREDENTIAL_TYPES.serviceApp, required: true, displayOptions: { show: { authentication: ['serviceApp'] } } },
];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'API Token',
			value: 'apiToken',
			description: 'An SSWS token created by an Okta admin',
		},
		{
			name: 'OAuth2 (Sign in with Okta)',
			value: 'oAuth2',
			description: 'Authorization code with refresh token, acting as the admin who signed in',
		},
		{
			name: 'OAuth2 Service App (Private Key JWT)',
			value: 'serviceApp',
			description: 'Client credentials for unattended jobs, no user involved',
		},
	],
	default: 'apiToken',
};

/** Resources of the Okta Directory node that make no call to Okta, so ask for no credential. */
const OFFLINE_RESOURCES = ['event'];

/** The Okta Directory node's credential slots: none for resources that never call Okta. */
export const directoryCredentials: INodeCredentialDescription[] = oktaCredentials.map((slot) => ({
	...slot,
	displayOptions: { ...slot.displayOptions, hide: { resource: OFFLINE_RESOURCES } },
}));

export const directoryAuthenticationProperty: INodeProperties = { ...authenticationProperty, displayOptions: { hide: { resource: OFFLINE_RESOURCES } } };
