import {
	createHash,
	createPrivateKey,
	generateKeyPairSync,
	randomUUID,
	sign,
	type JsonWebKey,
	type KeyObject,
} from 'node:crypto';

/**
 * DPoP (RFC 9449) for the service-app credential: the key pair a token is bound to, and the proof JWT sent
 * with the token request and with every API call.
 *
 * The DPoP key is never the client-assertion key. Okta's DPoP guide
 * (developer.okta.com/docs/guides/dpop/oktaresourceserver/main/, "What you need") says: "The JWK that's used
 * for DPoP authentication is separate from the JWK used for client authentication." The assertion key is
 * registered on the app, long-lived and pasted by a person; a generated key that lives only next to the token
 * it is bound to keeps the two roles apart and lets each new token come with a new key.
 */

export type DpopAlgorithm = 'ES256' | 'RS256';

export const DPOP_ALGORITHMS: readonly DpopAlgorithm[] = ['ES256', 'RS256'];

export class DpopError extends Error {}

/** The private key and algorithm, parsed from the credential's hidden field. */
export interface DpopKey {
	alg: DpopAlgorithm;
	privateKey: KeyObject;
	/** The public half as a JWK with only the members RFC 7638 hashes, which is what goes in the proof header. */
	publicJwk: JsonWebKey;
}

function base64url(input: Buffer | string): string {
	return Buffer.from(input).toString('base64url');
}

/** The required members of a public JWK in RFC 7638's lexicographic order, so the JSON is also the thumbprint input. */
export function publicJwkOf(key: KeyObject): JsonWebKey {
	const jwk = key.export({ format: 'jwk' });
	if (jwk.kty === 'EC') return { crv: jwk.crv, kty: 'EC', x: jwk.x, y: jwk.y };
	if (jwk.kty === 'RSA') return { e: jwk.e, kty: 'RSA', n: jwk.n };
	throw new DpopError(`DPoP keys are EC P-256 or RSA, not ${String(jwk.kty)}`);
}

/** RFC 7638 JWK SHA-256 thumbprint, the value Okta binds a token to (`cnf.jkt`). */
export function jwkThumbprint(jwk: JsonWebKey): string {
	const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
	return base64url(createHash('sha256').update(JSON.stringify(members)).digest());
}

/** `ath`: base64url of the SHA-256 of the access token (RFC 9449 §4.2). */
export function accessTokenHash(accessToken: string): string {
	return base64url(createHash('sha256').update(accessToken).digest());
}

/**
 * `htu`: the request URL without query and fragment (RFC 9449 §4.2), normalised as the WHATWG URL parser does,
 * with its path percent-decoded. Okta decodes the request path before it compares it with `htu`, so a proof for
 * `/api/v1/users/jane%40example.com` must say `/api/v1/users/jane@example.com`, or Okta answers
 * `400 invalid_dpop_proof` "'htu' claim in the DPoP proof JWT is invalid" (okta/okta-sdk-python#541,
 * okta/okta-sdk-nodejs#521); Okta's Java SDK fixed the same mismatch (okta/okta-sdk-java PR #1526).
 */
export function dpopHtu(url: string): string {
	const parsed = new URL(url);
	let path = parsed.pathname;
	try {
		path = decodeURIComponent(path);
	} catch {
		// A malformed escape cannot be decoded; the path is sent as it is.
	}
	return `${parsed.origin}${path}`;
}

/**
 * A fresh key pair, serialised for the credential's hidden field (n8n stores it encrypted with the token).
 * ES256 uses P-256; RS256 uses 2048-bit RSA, the size Okta's own keys have.
 */
export function generateDpopKey(alg: DpopAlgorithm): string {
	const { privateKey } =
		alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
	return JSON.stringify({ alg, jwk: privateKey.export({ format: 'jwk' }) });
}

/** Reads the hidden field back. Its message never quotes the field, which holds a private key. */
export function parseDpopKey(serialised: string): DpopKey {
	try {
		const { alg, jwk } = JSON.parse(serialised) as { alg: DpopAlgorithm; jwk: JsonWebKey };
		const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
		if (DPOP_ALGORITHMS.includes(alg)) return { alg, privateKey, publicJwk: publicJwkOf(privateKey) };
	} catch {
		// The parser's message can quote key material, so it is not passed on.
	}
	throw new DpopError('The stored DPoP key could not be read. Save the credential again so n8n fetches a new token and key');
}

/**
 * One DPoP proof: header `typ: dpop+jwt`, `alg`, the public `jwk`; claims `jti` (random, never reused), `htm`,
 * `htu`, `iat`, and `ath` when it goes with an access token, `nonce` when the server asked for one.
 */
export function signDpopProof(opts: {
	key: DpopKey;
	method: string;
	url: string;
	accessToken?: string;
	nonce?: string;
	now?: number;
}): string {
	const header = { typ: 'dpop+jwt', alg: opts.key.alg, jwk: opts.key.publicJwk };
	const claims: Record<string, string | number> = {
		jti: randomUUID(),
		htm: opts.method.toUpperCase(),
		htu: dpopHtu(opts.url),
		iat: Math.floor((opts.now ?? Date.now()) / 1000),
	};
	if (opts.accessToken !== undefined) claims.ath = accessTokenHash(opts.accessToken);
	if (opts.nonce) claims.nonce = opts.nonce;
	const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
	const signature = sign(
		'sha256',
		Buffer.from(signingInput),
		opts.key.alg === 'ES256' ? { key: opts.key.privateKey, dsaEncoding: 'ieee-p1363' } : opts.key.privateKey,
	);
	return `${signingInput}.${base64url(signature)}`;
}

type Headers = Record<string, unknown> | undefined;

function header(headers: Headers, name: string): string | undefined {
	if (!headers) return undefined;
	const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
	const value = Array.isArray(entry?.[1]) ? (entry[1] as unknown[]).join(', ') : entry?.[1];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Latest nonce each server handed out: the authorization server (`/oauth2/…`, RFC 9449 §8) and the resource
 * server (the rest of the origin, §9) are kept apart, since each issues its own.
 * Kept in memory only: a nonce is public and short-lived, and a process that has none simply gets asked again.
 * Credentials and nodes of this package load this one module, so the credential's `authenticate` sees the
 * nonces the node's transport learned.
 */
const nonces = new Map<string, string>();

function nonceScope(url: string): string {
	const parsed = new URL(url);
	return parsed.pathname.startsWith('/oauth2/') ? `${parsed.origin}/oauth2` : parsed.origin;
}

export function dpopNonceFor(url: string): string | undefined {
	return nonces.get(nonceScope(url));
}

/** Records a `DPoP-Nonce` response header, which a server may send with any answer (RFC 9449 §8.2). */
export function rememberDpopNonce(url: string, headers: Headers): string | undefined {
	const nonce = header(headers, 'dpop-nonce');
	if (nonce) nonces.set(nonceScope(url), nonce);
	return nonce;
}

/**
 * True when a resource server asks for a nonce: `WWW-Authenticate: DPoP error="use_dpop_nonce"` plus `DPoP-Nonce`.
 * RFC 9449 §9 answers with 401; Okta's API answers other DPoP refusals with 400 and the same `WWW-Authenticate`
 * (okta/okta-sdk-python#541), so a 400 carrying that challenge counts too.
 */
export function isResourceNonceChallenge(status: number | undefined, headers: Headers): boolean {
	return (status === 401 || status === 400) && /^\s*DPoP\b[^]*\berror="use_dpop_nonce"/i.test(header(headers, 'www-authenticate') ?? '') && header(headers, 'dpop-nonce') !== undefined;
}

/** Forgets every nonce; for tests. */
export function clearDpopNonces(): void {
	nonces.clear();
}
