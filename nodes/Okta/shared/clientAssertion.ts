import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';

/**
 * The signed JWT a service app presents to Okta's token endpoint (private_key_jwt). Okta refuses client
 * secrets for the client-credentials grant on the org authorization server, so this is the only way in.
 */

export class ClientAssertionError extends Error {}

function base64url(input: Buffer | string): string {
	return Buffer.from(input).toString('base64url');
}

/** Accepts a PKCS#8/PKCS#1/SEC1 PEM (also pasted with literal "\n"), or the JWK Okta's console downloads. */
export function loadPrivateKey(material: string): KeyObject {
	const text = material.trim();
	if (!text) throw new ClientAssertionError('The private key is empty');
	try {
		if (text.startsWith('{')) {
			return createPrivateKey({ key: JSON.parse(text) as import('node:crypto').JsonWebKey, format: 'jwk' });
		}
		return createPrivateKey({ key: text.replace(/\\n/g, '\n'), format: 'pem' });
	} catch {
		// The parser's message can quote key material, so it is not passed on.
	}
	throw new ClientAssertionError(
		'The private key could not be read. Paste the whole PEM (-----BEGIN PRIVATE KEY----- …) or the JWK JSON of the key registered on the Okta app',
	);
}

export function signClientAssertion(opts: {
	clientId: string;
	privateKey: string;
	keyId?: string;
	audience: string;
	lifetimeSeconds?: number;
	now?: number;
}): string {
	const key = loadPrivateKey(opts.privateKey);
	const type = key.asymmetricKeyType;
	const alg = type === 'rsa' ? 'RS256' : type === 'ec' ? 'ES256' : undefined;
	if (!alg) throw new ClientAssertionError(`Okta accepts RSA or EC (P-256) keys for private_key_jwt, not ${type ?? 'this key type'}`);
	const issuedAt = Math.floor((opts.now ?? Date.now()) / 1000);
	const header = { alg, typ: 'JWT', ...(opts.keyId ? { kid: opts.keyId } : {}) };
	const claims = {
		iss: opts.clientId,
		sub: opts.clientId,
		aud: opts.audience,
		iat: issuedAt,
		exp: issuedAt + Math.min(opts.lifetimeSeconds ?? 300, 3600),
		jti: randomUUID(),
	};
	const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
	const signature = sign('sha256', Buffer.from(signingInput), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
	return `${signingInput}.${base64url(signature)}`;
}
