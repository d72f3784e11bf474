import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { OktaDirectoryServiceAppApi } from '../../credentials/OktaDirectoryServiceAppApi.credentials';
import { OktaDirectory } from '../../nodes/Okta/OktaDirectory.node';
import { clearDpopNonces, dpopNonceFor, generateDpopKey, jwkThumbprint, parseDpopKey, rememberDpopNonce } from '../../nodes/Okta/shared/dpop';
import { executeNode } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';
import type { RequestLogEntry } from '../sandbox';

/**
 * The service-app credential with DPoP, run through n8n-core's real request helpers against a sandbox app
 * that requires DPoP: the token request's nonce exchange, the key stored with the token, a fresh proof per
 * API call, the re-fetch after expiry, the resource server's nonce challenge, and what never leaks.
 */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: { users: 450 } });
	sandbox.oauth.setRequireDpop(sandbox.oauth.serviceApp.clientId, true);
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.requestLog.length = 0;
	sandbox.oauth.requireResourceNonce(false);
	clearDpopNonces();
});

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, any>;
const proofOf = (entry: RequestLogEntry) => {
	const [header, claims] = String(entry.headers.dpop).split('.');
	return { header: decode(header), claims: decode(claims) };
};
const credentialData = (extra: IDataObject = {}): ICredentialDataDecryptedObject => {
	const { clientId, privateKeyPem, keyId } = sandbox.oauth.serviceApp;
	return { domain: sandbox.baseUrl, clientId, privateKey: privateKeyPem, kid: keyId, scopes: 'okta.users.manage', accessToken: '', ...extra };
};
const run = async (parameters: IDataObject, data: ICredentialDataDecryptedObject) =>
	await executeNode({
		node: new OktaDirectory(),
		parameters: { authentication: 'serviceApp', resource: 'user', ...parameters },
		credentials: { type: 'oktaDirectoryServiceAppApi', data },
	});
const apiCalls = () => sandbox.requestLog.filter((entry) => entry.path.startsWith('/api/v1/'));
const tokenCalls = () => sandbox.requestLog.filter((entry) => entry.path === '/oauth2/v1/token');

describe.each(['ES256', 'RS256'])('service app with DPoP (%s)', (dpopAlgorithm) => {
	it('gets a DPoP token through the nonce exchange, stores its key, and signs a fresh proof for every page and the write', async () => {
		const data = credentialData({ dpopAlgorithm });
		const all = await run({ operation: 'getMany', returnAll: true }, data);
		const listed = [...sandbox.state.users.values()].filter((user) => user.status !== 'DEPROVISIONED');
		expect(all.output[0].map((item) => item.json.id)).toEqual(listed.map((user) => user.id));

		expect(tokenCalls().map((entry) => entry.status)).toEqual([400, 200]);
		const [first, second] = tokenCalls().map(proofOf);
		expect(first.claims.nonce).toBeUndefined();
		expect(second.claims.nonce).toEqual(expect.stringMatching(/.{16,}/));
		expect(second.header).toMatchObject({ typ: 'dpop+jwt', alg: dpopAlgorithm });
		expect(second.claims).toMatchObject({ htm: 'POST', htu: `${sandbox.baseUrl}/oauth2/v1/token` });

		const stored = all.credentialUpdates.at(-1)!;
		const token = String(stored.accessToken);
		const key = parseDpopKey(String(stored.dpopPrivateKey));
		expect(key.alg).toBe(dpopAlgorithm);

		const pages = apiCalls();
		expect(pages.map((entry) => `${entry.status} ${entry.method} ${entry.path}`)).toEqual(Array(3).fill('200 GET /api/v1/users'));
		expect(pages.map((entry) => entry.query.after === undefined)).toEqual([true, false, false]);
		const proofs = pages.map(proofOf);
		expect(new Set(proofs.map((proof) => proof.claims.jti)).size).toBe(3);
		for (const proof of proofs) {
			expect(proof.claims).toMatchObject({ htm: 'GET', htu: `${sandbox.baseUrl}/api/v1/users`, ath: createHash('sha256').update(token).digest('base64url') });
			expect(jwkThumbprint(proof.header.jwk)).toBe(jwkThumbprint(key.publicJwk));
		}

		sandbox.requestLog.length = 0;
		const created = await run({ operation: 'create', login: `dpop-${dpopAlgorithm}@example.com`, email: `dpop-${dpopAlgorithm}@example.com`, firstName: 'D', lastName: 'P' }, { ...data, accessToken: token, dpopPrivateKey: stored.dpopPrivateKey });
		expect(created.preAuthenticationCalls).toBe(0);
		const [write] = apiCalls();
		expect(`${write.status} ${write.method} ${write.path}`).toBe('200 POST /api/v1/users');
		expect(proofOf(write).claims).toMatchObject({ htm: 'POST', htu: `${sandbox.baseUrl}/api/v1/users` });
		expect([...sandbox.state.users.values()].some((user) => user.profile.login === `dpop-${dpopAlgorithm}@example.com`)).toBe(true);
	});
});

describe('service app with DPoP', () => {
	it('after expiry, n8n re-fetches the token with a new key and repeats the call with a new proof', async () => {
		const first = await run({ operation: 'getMany', returnAll: false, limit: 1 }, credentialData());
		const stored = first.credentialUpdates.at(-1)!;
		sandbox.oauth.expireAccessTokens();
		sandbox.requestLog.length = 0;
		const again = await run({ operation: 'getMany', returnAll: false, limit: 1 }, credentialData({ accessToken: stored.accessToken, dpopPrivateKey: stored.dpopPrivateKey }));
		expect(again.output[0]).toHaveLength(1);
		expect(again.preAuthenticationCalls).toBe(1);
		// The transport reads the first 401 as a response (n8n 1.x keeps no status on thrown errors) and asks
		// again in throwing mode, which is when n8n-core re-runs preAuthentication. The token endpoint's nonce
		// from the first run is still current, so the re-fetch needs no nonce round.
		expect(sandbox.requestLog.map((entry) => `${entry.status} ${entry.path}`)).toEqual(['401 /api/v1/users', '401 /api/v1/users', '200 /oauth2/v1/token', '200 /api/v1/users']);
		const renewed = again.credentialUpdates.at(-1)!;
		expect(renewed.accessToken).not.toBe(stored.accessToken);
		const [before, after] = [stored, renewed].map((entry) => jwkThumbprint(parseDpopKey(String(entry.dpopPrivateKey)).publicJwk));
		expect(after).not.toBe(before);
		expect(jwkThumbprint(proofOf(apiCalls()[2]).header.jwk)).toBe(after);
		expect(apiCalls().slice(0, 2).map((entry) => jwkThumbprint(proofOf(entry).header.jwk))).toEqual([before, before]);
	});

	it('the node answers a resource server\'s use_dpop_nonce challenge and the next calls carry the nonce', async () => {
		const first = await run({ operation: 'getMany', returnAll: false, limit: 1 }, credentialData());
		const stored = first.credentialUpdates.at(-1)!;
		sandbox.oauth.requireResourceNonce(true);
		sandbox.requestLog.length = 0;
		const result = await run({ operation: 'getMany', returnAll: false, limit: 1 }, credentialData({ accessToken: stored.accessToken, dpopPrivateKey: stored.dpopPrivateKey }));
		expect(result.output[0]).toHaveLength(1);
		const calls = apiCalls();
		expect(calls.at(-1)!.status).toBe(200);
		expect(proofOf(calls.at(-1)!).claims.nonce).toBe(dpopNonceFor(sandbox.baseUrl));
		// The transport sees the challenge as a response, so no token is re-fetched: it repeats once with the nonce.
		expect(calls.map((entry) => entry.status)).toEqual([401, 200]);
		expect(tokenCalls()).toEqual([]);
		expect(proofOf(calls[0]).claims.nonce).toBeUndefined();
	});

	it('gets a user by login: the proof\'s htu has the decoded path Okta compares, while the request sends it encoded', async () => {
		const login = [...sandbox.state.users.values()].find((user) => user.status === 'ACTIVE')!.profile.login as string;
		const result = await run({ operation: 'get', userId: { __rl: true, mode: 'login', value: login } }, credentialData());
		expect(result.output[0][0].json).toMatchObject({ login });
		const [call] = apiCalls();
		expect(call.status).toBe(200);
		expect(call.path).toBe(`/api/v1/users/${encodeURIComponent(login)}`);
		expect(proofOf(call).claims.htu).toBe(`${sandbox.baseUrl}/api/v1/users/${login}`);
	});

	it('with Okta\'s Require DPoP on and the switch off, Okta\'s refusal is passed on without secrets', async () => {
		const data = credentialData({ dpop: false });
		const error = (await run({ operation: 'getMany', returnAll: false, limit: 1 }, data).catch((caught: unknown) => caught)) as Error;
		expect(error.message).toMatch(/Okta refused the service app's token request: The DPoP proof JWT header is missing\. \[HTTP 400, invalid_dpop_proof\]/);
		expect(JSON.stringify({ ...error, text: error.message, stack: error.stack })).not.toMatch(/PRIVATE KEY|eyJ/);
	});

	it('with DPoP off and the app not requiring it, sends a Bearer token and stores no key', async () => {
		sandbox.oauth.setRequireDpop(sandbox.oauth.serviceApp.clientId, false);
		try {
			const result = await run({ operation: 'getMany', returnAll: false, limit: 1 }, credentialData({ dpop: false }));
			expect(result.credentialUpdates.at(-1)?.dpopPrivateKey).toBe('');
			expect(apiCalls()[0].headers.dpop).toBeUndefined();
			expect(tokenCalls().map((entry) => entry.status)).toEqual([200]);
		} finally {
			sandbox.oauth.setRequireDpop(sandbox.oauth.serviceApp.clientId, true);
		}
	});

	it('after the switch is turned on, a Bearer token fetched with it off is never sent: n8n fetches a DPoP-bound one', async () => {
		sandbox.oauth.setRequireDpop(sandbox.oauth.serviceApp.clientId, false);
		let stored: IDataObject;
		try {
			stored = (await run({ operation: 'getMany', returnAll: false, limit: 1 }, credentialData({ dpop: false }))).credentialUpdates.at(-1)!;
		} finally {
			sandbox.oauth.setRequireDpop(sandbox.oauth.serviceApp.clientId, true);
		}
		expect(stored.dpopPrivateKey).toBe('');
		sandbox.requestLog.length = 0;
		const again = await run({ operation: 'getMany', returnAll: false, limit: 1 }, credentialData({ accessToken: stored.accessToken, dpopPrivateKey: '' }));
		expect(again.output[0]).toHaveLength(1);
		expect(apiCalls().map((entry) => `${entry.status} ${entry.headers.authorization ?? 'none'}`)).toEqual(['401 none', '401 none', '200 DPoP ****']);
		expect(again.credentialUpdates.at(-1)!.dpopPrivateKey).not.toBe('');
	});

	it('stops, naming both settings, when the token endpoint ignores the proof and issues a Bearer token', async () => {
		// Okta's behaviour for an app without Require DPoP is not documented; a server that ignores DPoP answers like this.
		const ignoring = createServer((_req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ token_type: 'Bearer', access_token: 'unbound-token', expires_in: 3600 }));
		});
		await new Promise<void>((resolve) => ignoring.listen(0, '127.0.0.1', resolve));
		try {
			const domain = `http://127.0.0.1:${(ignoring.address() as AddressInfo).port}`;
			const error = (await run({ operation: 'getMany', returnAll: false, limit: 1 }, credentialData({ domain })).catch((caught: unknown) => caught)) as Error;
			expect(error.message).toMatch(/Okta issued a Bearer token instead of a DPoP-bound one\. Turn on "Require Demonstrating Proof of Possession/);
			expect(error.message).not.toContain('unbound-token');
		} finally {
			ignoring.close();
		}
	});

	it('never puts the token, the DPoP key or a proof in the output', async () => {
		const result = await run({ operation: 'getMany', returnAll: false, limit: 2 }, credentialData());
		const stored = result.credentialUpdates.at(-1)!;
		const text = JSON.stringify(result.output);
		const jwk = JSON.parse(String(stored.dpopPrivateKey)).jwk as Record<string, string>;
		for (const secret of [String(stored.accessToken), jwk.d, String(apiCalls()[0].headers.dpop)]) expect(text).not.toContain(secret);
	});
});

describe('authenticate, as the HTTP Request node calls it', () => {
	const type = new OktaDirectoryServiceAppApi();
	const credentials = { accessToken: 'tok-1', dpopPrivateKey: generateDpopKey('ES256') };
	const proofFor = async (options: IHttpRequestOptions & { uri?: string }) => {
		const signed = await type.authenticate(credentials, options);
		expect(signed.headers?.Authorization).toBe('DPoP tok-1');
		return decode(String(signed.headers?.DPoP).split('.')[1]);
	};

	it('signs for the full URL whichever way it is given: url, baseURL + url, or the legacy uri; query is left out', async () => {
		expect(await proofFor({ url: 'https://acme.okta.com/api/v1/apps?limit=2', method: 'GET' })).toMatchObject({ htm: 'GET', htu: 'https://acme.okta.com/api/v1/apps' });
		expect(await proofFor({ baseURL: 'https://acme.okta.com/', url: '/api/v1/users', method: 'PUT' })).toMatchObject({ htm: 'PUT', htu: 'https://acme.okta.com/api/v1/users' });
		expect(await proofFor({ uri: 'https://acme.okta.com/api/v1/logs?since=x', url: '' } as never)).toMatchObject({ htm: 'GET', htu: 'https://acme.okta.com/api/v1/logs' });
	});

	it('signs with the nonce the node learned from the same server, and none learned from another', async () => {
		rememberDpopNonce('https://acme.okta.com/api/v1/users', { 'DPoP-Nonce': 'rs-nonce-1' });
		try {
			expect(await proofFor({ url: 'https://acme.okta.com/api/v1/apps', method: 'GET' })).toMatchObject({ nonce: 'rs-nonce-1' });
			expect((await proofFor({ url: 'https://other.okta.com/api/v1/apps', method: 'GET' })).nonce).toBeUndefined();
		} finally {
			clearDpopNonces();
		}
	});

	it('keeps the caller\'s headers and sends Bearer when DPoP is off and the stored token has no key', async () => {
		const signed = await type.authenticate({ accessToken: 'tok-2', dpopPrivateKey: '', dpop: false }, { url: 'https://acme.okta.com/api/v1/users', headers: { Accept: 'application/json' } });
		expect(signed.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tok-2' });
	});

	it('with DPoP on, never sends a stored token that has no key (one fetched while DPoP was off)', async () => {
		for (const dpop of [true, undefined]) {
			const signed = await type.authenticate({ accessToken: 'tok-3', dpopPrivateKey: '', ...(dpop === undefined ? {} : { dpop }) }, { url: 'https://acme.okta.com/api/v1/users', headers: { Accept: 'application/json' } });
			expect(signed.headers).toEqual({ Accept: 'application/json' });
		}
	});
});
