import type { Request, Response } from 'express';

import { sendError } from './context';
import { checkProof } from './dpop';
import type { Grant, OrgAuthorizationServer } from './oauth';

/**
 * Who may call the sandbox's management API: SSWS API tokens (every scope, like a super admin's token) and
 * Bearer access tokens the sandbox's own org authorization server (./oauth.ts) issued, limited to their
 * scopes. Anything else is 401 E0000011; a missing scope is 403 E0000006.
 *
 * A DPoP-bound token (cnf.jkt) is accepted only as `Authorization: DPoP <token>` with a `DPoP` proof signed by
 * the bound key for this method and URL, `iat` within the window, an unused `jti` and `ath` = the token's hash
 * (RFC 9449 §7.1); refusals are 401 with `WWW-Authenticate: DPoP error=…` (§7.1), and a `use_dpop_nonce`
 * challenge carries a `DPoP-Nonce` header (§9). A DPoP-bound token sent as Bearer is refused (§7.2).
 */

export const ALL_SCOPES = [
	'okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage', 'okta.devices.read', 'okta.devices.manage',
	'okta.realms.read', 'okta.realms.manage', 'okta.userTypes.read', 'okta.userTypes.manage', 'okta.eventHooks.read', 'okta.eventHooks.manage',
	'okta.apps.read', 'okta.apps.manage',
	'okta.logs.read',
];
export const USER_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export class Authenticator {
	readonly apiTokens = new Set<string>();

	constructor(
		private readonly oauth: OrgAuthorizationServer,
		private readonly baseUrl: () => string,
	) {}

	private refuseDpop(res: Response, error: string, description: string): undefined {
		if (error === 'use_dpop_nonce') res.setHeader('DPoP-Nonce', this.oauth.resourceNonces.value);
		res.setHeader('WWW-Authenticate', `DPoP algs="ES256 RS256", error="${error}", error_description="${description}"`);
		sendError(res, 401, 'E0000011', 'Invalid token provided');
		return undefined;
	}

	/** The caller's scopes, or undefined after answering 401. */
	authenticate(req: Request, res: Response): string[] | undefined {
		const header = req.headers.authorization ?? '';
		const [scheme, token] = [header.split(' ')[0], header.slice(header.indexOf(' ') + 1).trim()];
		if (scheme === 'SSWS' && this.apiTokens.has(token)) return ['*'];
		if (scheme === 'DPoP') {
			const grant = this.oauth.accessTokens.get(token);
			if (!grant?.jkt || grant.expiresAt <= Date.now()) return this.refuseDpop(res, 'invalid_token', 'The access token is invalid.');
			const proof = req.headers.dpop;
			const checked = checkProof(
				typeof proof === 'string' ? proof : undefined,
				{
					method: req.method,
					url: `${this.baseUrl()}${req.originalUrl.split('?')[0]}`,
					accessToken: token,
					jkt: grant.jkt,
					nonces: this.oauth.requireResourceNonce ? this.oauth.resourceNonces : undefined,
				},
				this.oauth.dpopJti,
			);
			if ('error' in checked) return this.refuseDpop(res, checked.error, checked.description);
			(req as Request & { grant?: Grant }).grant = grant;
			return grant.scopes;
		}
		if (scheme === 'Bearer') {
			const grant = this.oauth.accessTokens.get(token);
			if (grant?.jkt) return this.refuseDpop(res, 'invalid_token', 'A DPoP-bound access token must be sent with the DPoP scheme.');
			if (grant && grant.expiresAt > Date.now()) {
				(req as Request & { grant?: Grant }).grant = grant;
				return grant.scopes;
			}
		}
		res.setHeader('WWW-Authenticate', 'Bearer authorization_uri="/oauth2/v1/authorize", error="invalid_token"');
		sendError(res, 401, 'E0000011', 'Invalid token provided');
		return undefined;
	}
}

/** Okta's scope for each resource of the management API, by path. */
const RESOURCE_SCOPES: Array<[RegExp, string]> = [
	[/^\/api\/v1\/users(\/|$)/, 'okta.users'],
	[/^\/api\/v1\/groups(\/|$)/, 'okta.groups'],
	[/^\/api\/v1\/devices(\/|$)/, 'okta.devices'],
	[/^\/api\/v1\/realms(\/|$)/, 'okta.realms'],
	[/^\/api\/v1\/meta\/types\/user(\/|$)/, 'okta.userTypes'],
	[/^\/api\/v1\/eventHooks(\/|$)/, 'okta.eventHooks'],
	[/^\/api\/v1\/apps(\/|$)/, 'okta.apps'],
	[/^\/api\/v1\/logs\/?$/, 'okta.logs'],
];

/**
 * The scopes that allow a request: `<resource>.read` or `<resource>.manage` for a GET (a `.manage` scope also
 * allows reads), `<resource>.manage` for anything else. Undefined for paths outside these resources.
 */
export function scopesFor(method: string, path: string): string[] | undefined {
	const resource = RESOURCE_SCOPES.find(([pattern]) => pattern.test(path))?.[1];
	if (!resource) return undefined;
	// The System Log is read-only: its one scope is okta.logs.read (the spec's security for GET /api/v1/logs).
	if (resource === 'okta.logs') return ['okta.logs.read'];
	return method === 'GET' || method === 'HEAD' ? [`${resource}.read`, `${resource}.manage`] : [`${resource}.manage`];
}

/**
 * The scope check, made for every management request right after authentication and before validation, as
 * Okta does (a token without the scope gets 403 even for a malformed request). SSWS tokens hold every scope.
 */
export function requireScope(req: Request, res: Response, scopes: string[], ...needed: string[]): boolean {
	if (scopes.includes('*') || needed.length === 0 || needed.some((scope) => scopes.includes(scope))) return true;
	res.setHeader('WWW-Authenticate', `Bearer error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${req.path}"`);
	sendError(res, 403, 'E0000006', 'You do not have permission to perform the requested action', ['The access token provided does not contain the required scopes.']);
	return false;
}
