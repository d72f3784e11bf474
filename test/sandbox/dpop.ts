import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';

/**
 * The sandbox's DPoP checks (RFC 9449 §4.3), shared by the token endpoint (./oauth.ts) and the management
 * API (./auth.ts). Written from the RFC, not from the package's code, so a client bug cannot be mirrored here.
 */

/** How far `iat` may lie in the past or the future (RFC 9449 §11.1 leaves the window to the server). */
export const IAT_WINDOW_SECONDS = 60;

export interface ProofCheck {
	method: string;
	/** The URL the request was made to, without query and fragment. */
	url: string;
	/** The token the request carries: `ath` must be its hash. */
	accessToken?: string;
	/** The key thumbprint the token is bound to (`cnf.jkt`). */
	jkt?: string;
	nonces?: DpopNonces;
}

export type ProofResult = { jkt: string } | { error: 'invalid_dpop_proof' | 'use_dpop_nonce'; description: string };

const b64 = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export function thumbprint(jwk: JsonWebKey): string {
	const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
	return b64(createHash('sha256').update(JSON.stringify(members)).digest());
}

/** Server-issued nonces: the current one and the one before it are accepted, so a rotation never fails a request in flight. */
export class DpopNonces {
	private current = b64(randomBytes(18));
	private previous?: string;

	get value(): string {
		return this.current;
	}

	rotate(): string {
		this.previous = this.current;
		this.current = b64(randomBytes(18));
		return this.current;
	}

	accepts(nonce: unknown): boolean {
		return typeof nonce === 'string' && (nonce === this.current || nonce === this.previous);
	}
}

/** jti values seen within the iat window, so a proof is accepted once (RFC 9449 §11.1). */
export class JtiLedger {
	private readonly seen = new Map<string, number>();

	/** False when the jti was already used. */
	claim(jti: string, nowSeconds: number): boolean {
		for (const [key, at] of this.seen) if (at < nowSeconds - 2 * IAT_WINDOW_SECONDS) this.seen.delete(key);
		if (this.seen.has(jti)) return false;
		this.seen.set(jti, nowSeconds);
		return true;
	}
}

/**
 * The request URL as Okta compares it with `htu`: its path percent-decoded, so `/api/v1/users/jane%40example.com`
 * matches only `htu` `…/users/jane@example.com` (okta/okta-sdk-python#541 and okta/okta-sdk-nodejs#521 report
 * Okta's 400 invalid_dpop_proof for the encoded form).
 */
function decodedPath(url: string): string {
	const parsed = new URL(url);
	try {
		return `${parsed.origin}${decodeURIComponent(parsed.pathname)}`;
	} catch {
		return `${parsed.origin}${parsed.pathname}`;
	}
}

function decode(part: string): Record<string, unknown> {
	const value = JSON.parse(Buffer.from(part, 'base64url').toString()) as unknown;
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
	return value as Record<string, unknown>;
}

export function checkProof(proof: string | undefined, check: ProofCheck, ledger: JtiLedger): ProofResult {
	const invalid = (description: string): ProofResult => ({ error: 'invalid_dpop_proof', description });
	if (!proof) return invalid('The DPoP proof JWT header is missing.');
	const parts = proof.split('.');
	if (parts.length !== 3) return invalid('The DPoP proof JWT is malformed.');
	let header: Record<string, unknown>;
	let claims: Record<string, unknown>;
	try {
		header = decode(parts[0]);
		claims = decode(parts[1]);
	} catch {
		return invalid('The DPoP proof JWT is malformed.');
	}
	if (header.typ !== 'dpop+jwt') return invalid('The DPoP proof JWT typ header must be dpop+jwt.');
	const jwk = header.jwk as JsonWebKey | undefined;
	if (!jwk || typeof jwk !== 'object') return invalid('The DPoP proof JWT has no jwk header.');
	if ('d' in jwk) return invalid('The DPoP proof JWT jwk header must not contain a private key.');
	let valid = false;
	try {
		const key = createPublicKey({ key: jwk, format: 'jwk' });
		const data = Buffer.from(`${parts[0]}.${parts[1]}`);
		const signature = Buffer.from(parts[2], 'base64url');
		valid =
			(header.alg === 'RS256' && key.asymmetricKeyType === 'rsa' && verify('sha256', data, key, signature)) ||
			(header.alg === 'ES256' && key.asymmetricKeyType === 'ec' && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature));
	} catch {
		valid = false;
	}
	if (!valid) return invalid('The DPoP proof JWT signature is invalid.');
	if (claims.htm !== check.method.toUpperCase()) return invalid('The DPoP proof htm claim does not match the request method.');
	if (claims.htu !== decodedPath(check.url)) return invalid('The DPoP proof htu claim does not match the request URL.');
	const now = Math.floor(Date.now() / 1000);
	const iat = Number(claims.iat);
	if (!Number.isFinite(iat) || Math.abs(now - iat) > IAT_WINDOW_SECONDS) return invalid('The DPoP proof iat claim is outside the accepted window.');
	const jkt = thumbprint(jwk);
	if (check.jkt !== undefined && jkt !== check.jkt) return invalid('The DPoP proof key does not match the key the access token is bound to.');
	if (check.accessToken !== undefined && claims.ath !== b64(createHash('sha256').update(check.accessToken).digest())) {
		return invalid('The DPoP proof ath claim does not match the access token.');
	}
	if (check.nonces && !check.nonces.accepts(claims.nonce)) {
		return { error: 'use_dpop_nonce', description: 'Authorization server requires nonce in DPoP proof.' };
	}
	// Claimed last, so only a proof that passed every other check uses up its jti.
	if (typeof claims.jti !== 'string' || !claims.jti || !ledger.claim(claims.jti, now)) return invalid('The DPoP proof jti has already been used.');
	return { jkt };
}
