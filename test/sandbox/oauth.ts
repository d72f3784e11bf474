import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';


import { ALL_SCOPES, USER_SCOPES } from './auth';
import { checkProof, DpopNonces, JtiLedger } from './dpop';

/**
 * The sandbox's org authorization server (Okta's /oauth2/v1): authorize (auto-approved, redirects with code
 * and state), token (authorization_code with client_secret_basic or client_secret_post, refresh_token, and
 * client_credentials with private_key_jwt: RS256/ES256 signature against the registered public key,
 * iss = sub = client_id, aud = the token endpoint, exp at most 1 h ahead and not passed, jti used once) and
 * userinfo. Errors are OAuth JSON: { error, error_description }.
 *
 * DPoP (RFC 9449) for service apps: a client that requires DPoP (Okta's "Require DPoP" app setting) gets no
 * token without a valid proof; a proof must carry the server's current nonce (400 use_dpop_nonce with a
 * DPoP-Nonce header otherwise, as Okta answers); the token is then issued as token_type DPoP, bound to the
 * proof key's thumbprint (cnf.jkt), and ./auth.ts checks a proof on every API call made with it.
 */

export interface Grant {
	clientId: string;
	scopes: string[];
	/** The user the token acts for (authorization code), absent for service apps. */
	sub?: string;
	expiresAt: number;
	/** The DPoP key thumbprint the token is bound to (cnf.jkt); absent for Bearer tokens. */
	jkt?: string;
}

interface WebClient {
	kind: 'web';
	clientId: string;
	clientSecret: string;
	scopes: Set<string>;
}

interface ServiceClient {
	kind: 'service';
	clientId: string;
	publicKey: KeyObject;
	keyId?: string;
	scopes: Set<string>;
	requireDpop: boolean;
}


const secret = (bytes = 24) => randomBytes(bytes).toString('base64url');

export class OrgAuthorizationServer {
	readonly accessTokens = new Map<string, Grant>();
	readonly clients = new Map<string, WebClient | ServiceClient>();
	private readonly codes = new Map<string, { clientId: string; redirectUri: string; scopes: string[]; expiresAt: number }>();
	private readonly refreshTokens = new Map<string, { clientId: string; scopes: string[]; sub?: string }>();
	private readonly usedJti = new Set<string>();
	/** Nonces for DPoP proofs: the token endpoint's, and the management API's own (RFC 9449 §8 and §9). */
	readonly dpopNonces = new DpopNonces();
	readonly resourceNonces = new DpopNonces();
	readonly dpopJti = new JtiLedger();
	/** When on, API calls with a DPoP token also need the current nonce (RFC 9449 §9); Okta's token endpoint always does. */
	requireResourceNonce = false;

	/** Every access and refresh token issued so far, for tests that check none of them leaked anywhere. */
	issuedTokens(): { accessTokens: string[]; refreshTokens: string[] } {
		return { accessTokens: [...this.accessTokens.keys()], refreshTokens: [...this.refreshTokens.keys()] };
	}

	constructor(
		private readonly baseUrl: () => string,
		public accessTokenTtlSeconds: number,
		/** The user an authorization-code login signs in as (the first ACTIVE admin-like user). */
		private readonly signedInUser: () => { id: string; profile: Record<string, unknown> } | undefined,
	) {}

	addWebApp(): { clientId: string; clientSecret: string } {
		const client: WebClient = { kind: 'web', clientId: `0oa${secret(12).slice(0, 17)}`, clientSecret: secret(30), scopes: new Set([...ALL_SCOPES, ...USER_SCOPES]) };
		this.clients.set(client.clientId, client);
		return { clientId: client.clientId, clientSecret: client.clientSecret };
	}

	registerServiceApp(opts: { publicKeyPem: string; keyId?: string; scopes?: string[]; requireDpop?: boolean }): { clientId: string } {
		const client: ServiceClient = {
			kind: 'service',
			clientId: `0oa${secret(12).slice(0, 17)}`,
			publicKey: createPublicKey(opts.publicKeyPem),
			keyId: opts.keyId,
			scopes: new Set(opts.scopes ?? ALL_SCOPES),
			requireDpop: opts.requireDpop ?? false,
		};
		this.clients.set(client.clientId, client);
		return { clientId: client.clientId };
	}

	grantScopes(clientId: string, scopes: string[]): void {
		const client = this.clients.get(clientId);
		if (!client) throw new Error(`No client ${clientId}`);
		client.scopes = new Set(scopes);
	}

	/** Okta's "Require DPoP" setting of a service app. */
	setRequireDpop(clientId: string, on: boolean): void {
		const client = this.clients.get(clientId);
		if (client?.kind !== 'service') throw new Error(`No service app ${clientId}`);
		client.requireDpop = on;
	}

	private issue(clientId: string, scopes: string[], sub?: string, jkt?: string): Record<string, unknown> {
		const accessToken = secret(32);
		this.accessTokens.set(accessToken, { clientId, scopes, sub, expiresAt: Date.now() + this.accessTokenTtlSeconds * 1000, jkt });
		const body: Record<string, unknown> = { token_type: jkt ? 'DPoP' : 'Bearer', expires_in: this.accessTokenTtlSeconds, access_token: accessToken, scope: scopes.join(' ') };
		if (scopes.includes('offline_access')) {
			const refreshToken = secret(32);
			this.refreshTokens.set(refreshToken, { clientId, scopes, sub });
			body.refresh_token = refreshToken;
		}
		return body;
	}

	private oauthError(res: Response, status: number, error: string, description: string): void {
		res.status(status).json({ error, error_description: description });
	}

	private webClient(req: Request): WebClient | undefined {
		let clientId = req.body?.client_id as string | undefined;
		let clientSecret = req.body?.client_secret as string | undefined;
		const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
		if (basic) [clientId, clientSecret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
		const client = clientId ? this.clients.get(clientId) : undefined;
		return client?.kind === 'web' && client.clientSecret === clientSecret ? client : undefined;
	}

	/** Verifies a private_key_jwt assertion: signature, iss/sub, aud, exp (at most 1 h) and single use of jti. */
	private assertionClient(assertion: string): { client?: ServiceClient; problem?: string } {
		const parts = assertion.split('.');
		if (parts.length !== 3) return { problem: 'The client_assertion is not a JWT.' };
		let header: Record<string, unknown>;
		let claims: Record<string, unknown>;
		try {
			header = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as Record<string, unknown>;
			claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as Record<string, unknown>;
		} catch {
			return { problem: 'The client_assertion could not be parsed.' };
		}
		const client = this.clients.get(String(claims.iss));
		if (client?.kind !== 'service' || claims.sub !== claims.iss) return { problem: 'The client_assertion iss and sub must be the client_id of a service app.' };
		if (client.keyId && header.kid !== undefined && header.kid !== client.keyId) return { problem: 'The client_assertion kid does not match a registered key.' };
		const alg = header.alg;
		const data = Buffer.from(`${parts[0]}.${parts[1]}`);
		const signature = Buffer.from(parts[2], 'base64url');
		const valid =
			(alg === 'RS256' && client.publicKey.asymmetricKeyType === 'rsa' && verify('sha256', data, client.publicKey, signature)) ||
			(alg === 'ES256' && client.publicKey.asymmetricKeyType === 'ec' && verify('sha256', data, { key: client.publicKey, dsaEncoding: 'ieee-p1363' }, signature));
		if (!valid) return { problem: 'The client_assertion signature is invalid.' };
		if (claims.aud !== `${this.baseUrl()}/oauth2/v1/token`) return { problem: 'The audience [aud] claim in the client_assertion is invalid.' };
		const now = Math.floor(Date.now() / 1000);
		const exp = Number(claims.exp);
		const iat = Number(claims.iat ?? now);
		if (!Number.isFinite(exp) || exp <= now) return { problem: 'The client_assertion token is expired.' };
		if (exp - iat > 3600) return { problem: 'The client_assertion token has an expiration too far into the future.' };
		const jti = String(claims.jti ?? '');
		if (!jti || this.usedJti.has(jti)) return { problem: 'The client_assertion token has already been used (jti).' };
		this.usedJti.add(jti);
		return { client };
	}

	register(router: Router): void {
		router.get('/oauth2/v1/authorize', (req, res) => {
			const { client_id: clientId, redirect_uri: redirectUri, response_type: responseType, scope, state } = req.query as Record<string, string>;
			const client = this.clients.get(clientId);
			if (client?.kind !== 'web') return this.oauthError(res, 400, 'invalid_client', 'Invalid value for \'client_id\' parameter.');
			if (responseType !== 'code') return this.oauthError(res, 400, 'unsupported_response_type', 'The response type is not supported by the authorization server. Configured response types: [code].');
			if (!redirectUri || !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?([/?#]|$)/.test(redirectUri)) {
				return this.oauthError(res, 400, 'invalid_request', 'The \'redirect_uri\' parameter must be a Login redirect URI in the client app settings');
			}
			const requested = String(scope ?? '').split(/\s+/).filter(Boolean);
			const unknown = requested.filter((entry) => !client.scopes.has(entry));
			const target = new URL(redirectUri);
			if (unknown.length) {
				target.searchParams.set('error', 'invalid_scope');
				target.searchParams.set('error_description', `One or more scopes are not configured for the authorization server resource: ${unknown.join(' ')}`);
			} else {
				const code = secret(24);
				this.codes.set(code, { clientId, redirectUri, scopes: requested, expiresAt: Date.now() + 60_000 });
				target.searchParams.set('code', code);
			}
			if (state) target.searchParams.set('state', state);
			res.redirect(302, target.toString());
		});

		router.post('/oauth2/v1/token', express.urlencoded({ extended: false }), (req, res) => {
			const body = (req.body ?? {}) as Record<string, string>;
			switch (body.grant_type) {
				case 'authorization_code': {
					const client = this.webClient(req);
					if (!client) return this.oauthError(res, 401, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.');
					const code = this.codes.get(body.code);
					this.codes.delete(body.code);
					if (!code || code.clientId !== client.clientId || code.expiresAt < Date.now() || code.redirectUri !== body.redirect_uri) {
						return this.oauthError(res, 400, 'invalid_grant', 'The authorization code is invalid or has expired.');
					}
					return res.json(this.issue(client.clientId, code.scopes, this.signedInUser()?.id));
				}
				case 'refresh_token': {
					const client = this.webClient(req);
					if (!client) return this.oauthError(res, 401, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.');
					const grant = this.refreshTokens.get(body.refresh_token);
					if (!grant || grant.clientId !== client.clientId) return this.oauthError(res, 400, 'invalid_grant', 'The refresh token is invalid or expired.');
					return res.json(this.issue(client.clientId, grant.scopes, grant.sub));
				}
				case 'client_credentials': {
					if (body.client_secret || /^Basic /.test(req.headers.authorization ?? '')) {
						return this.oauthError(res, 401, 'invalid_client', 'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.');
					}
					if (body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !body.client_assertion) {
						return this.oauthError(res, 400, 'invalid_request', 'client_assertion and client_assertion_type are required.');
					}
					const { client, problem } = this.assertionClient(body.client_assertion);
					if (!client) return this.oauthError(res, 401, 'invalid_client', problem!);
					const requested = String(body.scope ?? '').split(/\s+/).filter(Boolean);
					if (requested.length === 0) return this.oauthError(res, 400, 'invalid_scope', 'The authorization server resource does not have any configured default scopes, \'scope\' must be provided.');
					const refused = requested.filter((entry) => !client.scopes.has(entry) || USER_SCOPES.includes(entry));
					if (refused.length) return this.oauthError(res, 400, 'invalid_scope', `The following scopes are not allowed: ${refused.join(' ')}`);
					const proof = req.headers.dpop;
					if (!client.requireDpop && proof === undefined) return res.json(this.issue(client.clientId, requested));
					// A proof sent to an app that does not require DPoP still binds the token (RFC 9449 §5).
					const checked = checkProof(typeof proof === 'string' ? proof : undefined, { method: 'POST', url: `${this.baseUrl()}/oauth2/v1/token`, nonces: this.dpopNonces }, this.dpopJti);
					if ('error' in checked) {
						if (checked.error === 'use_dpop_nonce') res.setHeader('DPoP-Nonce', this.dpopNonces.value);
						return this.oauthError(res, 400, checked.error, checked.description);
					}
					return res.json(this.issue(client.clientId, requested, undefined, checked.jkt));
				}
				default:
					return this.oauthError(res, 400, 'unsupported_grant_type', `The authorization grant type is not supported by the authorization server. Configured grant types: [authorization_code, refresh_token, client_credentials].`);
			}
		});

		router.get('/oauth2/v1/userinfo', (req, res): void => {
			const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
			const grant = this.accessTokens.get(token);
			if (!grant || grant.expiresAt < Date.now()) {
				// As the spec has it: no body, the reason is in WWW-Authenticate.
				res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token", error_description="The access token is invalid."');
				res.status(401).end();
				return;
			}
			if (!grant.scopes.includes('openid') || !grant.sub) {
				res.setHeader('WWW-Authenticate', 'Bearer error="insufficient_scope", error_description="The access token must provide access to at least one of these scopes - profile, email, address or phone"');
				res.status(403).end();
				return;
			}
			const user = this.signedInUser();
			const profile = user?.profile ?? {};
			const claims: Record<string, unknown> = { sub: grant.sub };
			if (grant.scopes.includes('profile')) Object.assign(claims, { name: `${String(profile.firstName ?? '')} ${String(profile.lastName ?? '')}`.trim(), preferred_username: profile.login, given_name: profile.firstName, family_name: profile.lastName, zoneinfo: 'America/Los_Angeles', updated_at: Math.floor(Date.now() / 1000) });
			if (grant.scopes.includes('email')) Object.assign(claims, { email: profile.email, email_verified: true });
			res.json(claims);
		});
	}
}
