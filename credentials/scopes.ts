/** Every Okta scope the Okta Directory node and the Okta Event Hook Trigger use. `.manage` also allows reads. */
export const OKTA_MANAGEMENT_SCOPES = [
	'okta.users.manage',
	'okta.groups.manage',
	'okta.devices.manage',
	'okta.realms.manage',
	'okta.userTypes.manage',
	'okta.eventHooks.manage',
	// Applications: the spec asks okta.apps.read for GETs and okta.apps.manage for assignment changes.
	'okta.apps.read',
	'okta.apps.manage',
];

/** For the authorization-code credential: management scopes, plus userinfo and a refresh token. */
export const OKTA_OAUTH2_DEFAULT_SCOPES = [...OKTA_MANAGEMENT_SCOPES, 'openid', 'profile', 'email', 'offline_access'].join(' ');

/** Client credentials cannot carry user scopes (openid, offline_access). */
export const OKTA_SERVICE_APP_DEFAULT_SCOPES = OKTA_MANAGEMENT_SCOPES.join(' ');
