import { createHash, createPublicKey, verify } from 'node:crypto';

import {
	accessTokenHash,
	clearDpopNonces,
	dpopHtu,
	dpopNonceFor,
	generateDpopKey,
	isResourceNonceChallenge,
	jwkThumbprint,
	parseDpopKey,
	rememberDpopNonce,
	signDpopProof,
	type DpopAlgorithm,
} from '../../../../nodes/Okta/shared/dpop';

/** The DPoP proof (RFC 9449 §4.2), its key and thumbprint, and the nonce memory. */

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, any>;

describe.each<DpopAlgorithm>(['ES256', 'RS256'])('%s proof', (alg) => {
	const key = parseDpopKey(generateDpopKey(alg));

	it('has typ dpop+jwt, the alg, and only the public JWK in its header, and verifies with that JWK', () => {
		const proof = signDpopProof({ key, method: 'get', url: 'https://acme.okta.com/api/v1/users?limit=2&after=x#frag', accessToken: 'token-1' });
		const [header, claims, signature] = proof.split('.');
		const head = decode(header);
		expect(head.typ).toBe('dpop+jwt');
		expect(head.alg).toBe(alg);
		expect(Object.keys(head.jwk).sort()).toEqual(alg === 'ES256' ? ['crv', 'kty', 'x', 'y'] : ['e', 'kty', 'n']);
		const publicKey = createPublicKey({ key: head.jwk, format: 'jwk' });
		const data = Buffer.from(`${header}.${claims}`);
		const raw = Buffer.from(signature, 'base64url');
		expect(alg === 'ES256' ? verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw) : verify('sha256', data, publicKey, raw)).toBe(true);
		const body = decode(claims);
		expect(body).toMatchObject({ htm: 'GET', htu: 'https://acme.okta.com/api/v1/users' });
		// ath as RFC 9449 §4.2 defines it, computed here independently
		expect(body.ath).toBe(createHash('sha256').update('token-1').digest('base64url'));
		expect(Math.abs(body.iat - Date.now() / 1000)).toBeLessThan(5);
		expect(body.nonce).toBeUndefined();
	});

	it('gets a new jti every time, carries a nonce when given one, and has no ath without a token', () => {
		const claims = [1, 2, 3].map(() => decode(signDpopProof({ key, method: 'POST', url: 'https://acme.okta.com/oauth2/v1/token', nonce: 'n-1' }).split('.')[1]));
		expect(new Set(claims.map((entry) => entry.jti)).size).toBe(3);
		expect(claims.every((entry) => entry.nonce === 'n-1' && entry.ath === undefined)).toBe(true);
	});
});

describe('keys', () => {
	it('each generated key is new, and the stored form round-trips', () => {
		const first = generateDpopKey('ES256');
		const second = generateDpopKey('ES256');
		expect(jwkThumbprint(parseDpopKey(first).publicJwk)).not.toBe(jwkThumbprint(parseDpopKey(second).publicJwk));
		expect(parseDpopKey(first).alg).toBe('ES256');
	});

	it('computes the RFC 7638 §3.1 example thumbprint', () => {
		const rfcKey = {
			kty: 'RSA',
			e: 'AQAB',
			alg: 'RS256',
			kid: '2011-04-29',
			n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
		};
		expect(jwkThumbprint(rfcKey)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
	});

	it('refuses an unreadable stored key without quoting it', () => {
		const stored = generateDpopKey('ES256');
		const broken = stored.replace(/"d":"[^"]+"/, '"d":"AAAA"');
		for (const value of ['', '{}', broken, JSON.stringify({ alg: 'HS256', jwk: JSON.parse(stored).jwk })]) {
			let message = '';
			try {
				parseDpopKey(value);
			} catch (error) {
				message = (error as Error).message;
			}
			expect(message).toMatch(/stored DPoP key could not be read/);
			expect(message).not.toContain(JSON.parse(stored).jwk.d);
		}
	});
});

describe('htu, ath and nonces', () => {
	afterEach(() => clearDpopNonces());

	it('htu drops query and fragment and decodes the path, as Okta compares it', () => {
		expect(dpopHtu('https://acme.okta.com/api/v1/users/a%40b.com?expand=x#y')).toBe('https://acme.okta.com/api/v1/users/a@b.com');
		expect(dpopHtu('https://acme.okta.com/api/v1/groups/Sales%20%26%20Ops/users')).toBe('https://acme.okta.com/api/v1/groups/Sales & Ops/users');
		expect(dpopHtu('https://acme.okta.com/api/v1/users/100%')).toBe('https://acme.okta.com/api/v1/users/100%');
		expect(dpopHtu('HTTPS://ACME.okta.com:443/api/v1/groups')).toBe('https://acme.okta.com/api/v1/groups');
	});

	it('ath is the RFC 9449 §7.1 example value for its example token', () => {
		expect(accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe('fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo');
	});

	it('remembers a DPoP-Nonce per server (the org\'s API apart from its /oauth2 endpoints), and recognises only a DPoP use_dpop_nonce 401 or 400 as a challenge', () => {
		rememberDpopNonce('https://acme.okta.com/api/v1/users?x=1', { 'DPoP-Nonce': 'n-1' });
		expect(dpopNonceFor('https://acme.okta.com/api/v1/groups')).toBe('n-1');
		expect(dpopNonceFor('https://acme.okta.com/oauth2/v1/token')).toBeUndefined();
		rememberDpopNonce('https://acme.okta.com/oauth2/v1/token', { 'dpop-nonce': 'as-1' });
		expect(dpopNonceFor('https://acme.okta.com/oauth2/v1/token')).toBe('as-1');
		expect(dpopNonceFor('https://acme.okta.com/api/v1/users')).toBe('n-1');
		expect(dpopNonceFor('https://other.okta.com/api/v1/users')).toBeUndefined();
		rememberDpopNonce('https://acme.okta.com/api/v1/users', { 'content-type': 'application/json' });
		expect(dpopNonceFor('https://acme.okta.com/')).toBe('n-1');
		const challenge = { 'www-authenticate': 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"', 'dpop-nonce': 'n-2' };
		expect(isResourceNonceChallenge(401, challenge)).toBe(true);
		expect(isResourceNonceChallenge(400, challenge)).toBe(true);
		expect(isResourceNonceChallenge(403, challenge)).toBe(false);
		expect(isResourceNonceChallenge(401, { ...challenge, 'dpop-nonce': undefined })).toBe(false);
		expect(isResourceNonceChallenge(401, { ...challenge, 'www-authenticate': 'DPoP error="invalid_dpop_proof"' })).toBe(false);
		expect(isResourceNonceChallenge(401, { ...challenge, 'www-authenticate': 'Bearer error="use_dpop_nonce"' })).toBe(false);
	});
});
