/**
 * Every Okta scope the package's nodes use. `.manage` also allows reads. `okta.logs.read` is for the System Log
 * (the Okta System Log Trigger and the System Log resource): the spec's only scope for GET /api/v1/logs, and
 * read-only, so it adds no power to change anything.
 */
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
	'okta.logs.read',
];

/** For the authorization-code credential: management scopes, plus userinfo and a refresh token. */
export const OKTA_OAUTH2_DEFAULT_SCOPES = [...OKTA_MANAGEMENT_SCOPES, 'openid', 'profile', 'email', 'offline_access'].join(' ');

/** Client credentials cannot carry user scopes (openid, offline_access). */
export const OKTA_SERVICE_APP_DEFAULT_SCOPES = OKTA_MANAGEMENT_SCOPES.join(' ');
