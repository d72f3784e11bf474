import { sign } from 'node:crypto';

import { generateDpopKey, parseDpopKey, signDpopProof, type DpopKey } from '../../nodes/Okta/shared/dpop';
import { startSandbox, type Sandbox } from './index';
import { assertion, responseDrift, serviceToken, tokenRequest, validClaims } from './testClient';

/**
 * The sandbox's DPoP: a service app that requires DPoP, the token endpoint's nonce exchange, cnf.jkt binding,
 * and each refusal on an API call made with a DPoP-bound token.
 */

let sandbox: Sandbox;
let clientId: string;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
	clientId = sandbox.oauth.serviceApp.clientId;
});
afterAll(async () => await sandbox.close());
afterEach(() => {
	sandbox.oauth.setRequireDpop(clientId, false);
	sandbox.oauth.requireResourceNonce(false);
	expect(responseDrift(sandbox)).toEqual([]);
});

const tokenUrl = () => `${sandbox.baseUrl}/oauth2/v1/token`;
const signedAssertion = () => assertion(validClaims(sandbox), sandbox.oauth.serviceApp.privateKeyPem, sandbox.oauth.serviceApp.keyId);
const form = () => ({
	grant_type: 'client_credentials',
	scope: 'okta.users.read',
	client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
	client_assertion: signedAssertion(),
});
const tamper = (proof: string, change: (claims: Record<string, unknown>) => void) => {
	const [header, claims, signature] = proof.split('.');
	const body = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
	change(body);
	return `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.${signature}`;
};

/** A DPoP-bound token for `key`, through the nonce exchange. */
async function dpopToken(key: DpopKey): Promise<string> {
	const nonce = await nonceOf();
	const second = await tokenRequest(sandbox, form(), { DPoP: signDpopProof({ key, method: 'POST', url: tokenUrl(), nonce }) });
	expect(second).toMatchObject({ status: 200, body: { token_type: 'DPoP' } });
	return second.body.access_token;
}

/** The token endpoint's current nonce, as a client learns it: from the DPoP-Nonce header of a use_dpop_nonce answer. */
async function nonceOf(): Promise<string> {
	const response = await fetch(tokenUrl(), {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', DPoP: signDpopProof({ key: parseDpopKey(generateDpopKey('ES256')), method: 'POST', url: tokenUrl() }) },
		body: new URLSearchParams(form()),
	});
	return String(response.headers.get('dpop-nonce'));
}

async function api(path: string, headers: Record<string, string>, method = 'GET') {
	const response = await fetch(`${sandbox.baseUrl}${path}`, { method, headers: { accept: 'application/json', ...headers } });
	return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '', nonce: response.headers.get('dpop-nonce'), body: (await response.text()) };
}

describe('token endpoint', () => {
	it('refuses a token request without a proof when the app requires DPoP, and issues Bearer when it does not', async () => {
		sandbox.oauth.setRequireDpop(clientId, true);
		expect(await tokenRequest(sandbox, form())).toEqual({ status: 400, body: { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' } });
		sandbox.oauth.setRequireDpop(clientId, false);
		expect((await serviceToken(sandbox, signedAssertion())).body.token_type).toBe('Bearer');
	});

	it('runs the nonce exchange: 400 use_dpop_nonce with DPoP-Nonce, then a DPoP token for the proof with that nonce', async () => {
		sandbox.oauth.setRequireDpop(clientId, true);
		const key = parseDpopKey(generateDpopKey('RS256'));
		const response = await fetch(tokenUrl(), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', DPoP: signDpopProof({ key, method: 'POST', url: tokenUrl() }) },
			body: new URLSearchParams(form()),
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' });
		const nonce = String(response.headers.get('dpop-nonce'));
		expect(nonce.length).toBeGreaterThan(10);
		const stale = await tokenRequest(sandbox, form(), { DPoP: signDpopProof({ key, method: 'POST', url: tokenUrl(), nonce: 'made-up' }) });
		expect(stale.body.error).toBe('use_dpop_nonce');
		const granted = await tokenRequest(sandbox, form(), { DPoP: signDpopProof({ key, method: 'POST', url: tokenUrl(), nonce }) });
		expect(granted).toMatchObject({ status: 200, body: { token_type: 'DPoP', scope: 'okta.users.read' } });
		const logged = sandbox.requestLog.filter((entry) => entry.path === '/oauth2/v1/token').slice(-3);
		expect(logged.map((entry) => entry.status)).toEqual([400, 400, 200]);
	});

	it('refuses proofs with a bad signature, another htu or htm, an old iat, a private key in the header, or a reused jti', async () => {
		sandbox.oauth.setRequireDpop(clientId, true);
		const key = parseDpopKey(generateDpopKey('ES256'));
		const nonce = await nonceOf();
		const good = () => signDpopProof({ key, method: 'POST', url: tokenUrl(), nonce });
		const refusal = async (proof: string) => (await tokenRequest(sandbox, form(), { DPoP: proof })).body.error_description;
		expect(await refusal(tamper(good(), (claims) => (claims.jti = 'changed')))).toMatch(/signature is invalid/);
		expect(await refusal(signDpopProof({ key, method: 'POST', url: `${sandbox.baseUrl}/oauth2/default/v1/token`, nonce }))).toMatch(/htu/);
		expect(await refusal(signDpopProof({ key, method: 'GET', url: tokenUrl(), nonce }))).toMatch(/htm/);
		expect(await refusal(signDpopProof({ key, method: 'POST', url: tokenUrl(), nonce, now: Date.now() - 5 * 60_000 }))).toMatch(/iat/);
		const [, claims, signature] = good().split('.');
		const leakyHeader = Buffer.from(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.privateKey.export({ format: 'jwk' }) })).toString('base64url');
		expect(await refusal(`${leakyHeader}.${claims}.${signature}`)).toMatch(/private key/);
		const once = good();
		expect((await tokenRequest(sandbox, form(), { DPoP: once })).status).toBe(200);
		expect(await refusal(once)).toMatch(/jti has already been used/);
	});
});

describe('API calls with a DPoP-bound token', () => {
	const users = '/api/v1/users';

	it('are accepted with a fresh proof for the method and URL (query left out of htu), and refused on replay', async () => {
		const key = parseDpopKey(generateDpopKey('ES256'));
		const token = await dpopToken(key);
		const proof = signDpopProof({ key, method: 'GET', url: `${sandbox.baseUrl}${users}?limit=1`, accessToken: token });
		expect((await api(`${users}?limit=1`, { authorization: `DPoP ${token}`, DPoP: proof })).status).toBe(200);
		const replay = await api(`${users}?limit=1`, { authorization: `DPoP ${token}`, DPoP: proof });
		expect(replay.status).toBe(401);
		expect(replay.challenge).toMatch(/^DPoP .*error="invalid_dpop_proof".*jti has already been used/);
		expect(JSON.parse(replay.body)).toMatchObject({ errorCode: 'E0000011' });
	});

	it('refuses a missing proof, a bad signature, a proof by another key, wrong htm, wrong htu, an old iat and a wrong ath', async () => {
		const key = parseDpopKey(generateDpopKey('RS256'));
		const token = await dpopToken(key);
		const url = `${sandbox.baseUrl}${users}`;
		const cases: Array<[string, Record<string, string>, RegExp]> = [
			['no proof', {}, /proof JWT header is missing/],
			['signature', { DPoP: tamper(signDpopProof({ key, method: 'GET', url, accessToken: token }), (claims) => (claims.jti = 'changed')) }, /signature is invalid/],
			['other key', { DPoP: signDpopProof({ key: parseDpopKey(generateDpopKey('RS256')), method: 'GET', url, accessToken: token }) }, /key the access token is bound to/],
			['htm', { DPoP: signDpopProof({ key, method: 'POST', url, accessToken: token }) }, /htm/],
			['htu', { DPoP: signDpopProof({ key, method: 'GET', url: `${sandbox.baseUrl}/api/v1/groups`, accessToken: token }) }, /htu/],
			['iat', { DPoP: signDpopProof({ key, method: 'GET', url, accessToken: token, now: Date.now() - 5 * 60_000 }) }, /iat/],
			['ath', { DPoP: signDpopProof({ key, method: 'GET', url, accessToken: `${token}x` }) }, /ath/],
			['no ath', { DPoP: signDpopProof({ key, method: 'GET', url }) }, /ath/],
		];
		for (const [, headers, reason] of cases) {
			const reply = await api(users, { authorization: `DPoP ${token}`, ...headers });
			expect(reply.status).toBe(401);
			expect(reply.challenge).toMatch(reason);
		}
		const lastLogged = sandbox.requestLog.filter((entry) => entry.path === users).slice(-cases.length);
		expect(lastLogged.map((entry) => entry.status)).toEqual(cases.map(() => 401));
	});

	it('compares htu with the percent-decoded path, as Okta does: a proof for the encoded path is refused', async () => {
		const key = parseDpopKey(generateDpopKey('ES256'));
		const token = await dpopToken(key);
		const path = '/api/v1/users/pat.leaver%40example.com';
		const encoded = `${sandbox.baseUrl}${path}`;
		const proofFor = (htu: string) => {
			const signed = signDpopProof({ key, method: 'GET', url: encoded, accessToken: token });
			const [header, claims] = signed.split('.');
			const body = { ...(JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>), htu };
			const input = `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
			return `${input}.${sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
		};
		const refused = await api(path, { authorization: `DPoP ${token}`, DPoP: proofFor(encoded) });
		expect(refused.status).toBe(401);
		expect(refused.challenge).toMatch(/htu claim does not match/);
		const accepted = await api(path, { authorization: `DPoP ${token}`, DPoP: proofFor(`${sandbox.baseUrl}/api/v1/users/pat.leaver@example.com`) });
		expect(accepted.status).toBe(200);
		expect(JSON.parse(accepted.body)).toMatchObject({ profile: { login: 'pat.leaver@example.com' } });
	});

	it('refuses a DPoP-bound token presented as Bearer, and a Bearer token presented as DPoP', async () => {
		const key = parseDpopKey(generateDpopKey('ES256'));
		const token = await dpopToken(key);
		const asBearer = await api(users, { authorization: `Bearer ${token}` });
		expect(asBearer.status).toBe(401);
		expect(asBearer.challenge).toMatch(/must be sent with the DPoP scheme/);
		const bearer = (await serviceToken(sandbox, signedAssertion())).body.access_token;
		const asDpop = await api(users, { authorization: `DPoP ${bearer}`, DPoP: signDpopProof({ key, method: 'GET', url: `${sandbox.baseUrl}${users}`, accessToken: bearer }) });
		expect(asDpop.status).toBe(401);
		expect(asDpop.challenge).toMatch(/invalid_token/);
	});

	it('with resource nonces on, answers use_dpop_nonce with a DPoP-Nonce header, and accepts the proof carrying it', async () => {
		const key = parseDpopKey(generateDpopKey('ES256'));
		const token = await dpopToken(key);
		sandbox.oauth.requireResourceNonce(true);
		const url = `${sandbox.baseUrl}${users}`;
		const challenge = await api(users, { authorization: `DPoP ${token}`, DPoP: signDpopProof({ key, method: 'GET', url, accessToken: token }) });
		expect(challenge.status).toBe(401);
		expect(challenge.challenge).toMatch(/^DPoP .*error="use_dpop_nonce"/);
		expect(challenge.nonce).toBeTruthy();
		const accepted = await api(users, { authorization: `DPoP ${token}`, DPoP: signDpopProof({ key, method: 'GET', url, accessToken: token, nonce: String(challenge.nonce) }) });
		expect(accepted.status).toBe(200);
		// after two rotations the nonce is no longer accepted
		sandbox.oauth.rotateDpopNonce();
		sandbox.oauth.rotateDpopNonce();
		const expired = await api(users, { authorization: `DPoP ${token}`, DPoP: signDpopProof({ key, method: 'GET', url, accessToken: token, nonce: String(challenge.nonce) }) });
		expect(expired.challenge).toMatch(/use_dpop_nonce/);
	});

	it('refuses an expired DPoP token like any other', async () => {
		const key = parseDpopKey(generateDpopKey('ES256'));
		const token = await dpopToken(key);
		sandbox.oauth.expireAccessTokens();
		const reply = await api(users, { authorization: `DPoP ${token}`, DPoP: signDpopProof({ key, method: 'GET', url: `${sandbox.baseUrl}${users}`, accessToken: token }) });
		expect(reply.status).toBe(401);
		expect(reply.challenge).toMatch(/invalid_token/);
	});
});
