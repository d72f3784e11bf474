import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import { startSandbox, type Sandbox } from './index';

/** The sandbox's own behaviour, over HTTP, as the package and the e2e suite see it. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

async function call(method: string, path: string, body?: unknown, auth = `SSWS ${sandbox.apiToken}`, target = sandbox) {
	const response = await fetch(`${target.baseUrl}${path}`, {
		method,
		headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	return { status: response.status, body: json, headers: response.headers };
}

const activeUser = () => [...sandbox.state.users.values()].find((user) => user.status === 'ACTIVE')!;
const profile = (login: string) => ({ login, email: login, firstName: 'Test', lastName: 'User' });

function assertion(claims: Record<string, unknown>, key = createPrivateKey(sandbox.oauth.serviceApp.privateKeyPem), kid = sandbox.oauth.serviceApp.keyId): string {
	const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const input = `${encode({ alg: 'RS256', kid })}.${encode(claims)}`;
	return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

async function serviceToken(jwt: string, scope = 'okta.users.read') {
	return await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt }),
	});
}

const validClaims = () => {
	const now = Math.floor(Date.now() / 1000);
	const id = sandbox.oauth.serviceApp.clientId;
	return { iss: id, sub: id, aud: `${sandbox.baseUrl}/oauth2/v1/token`, iat: now, exp: now + 300, jti: randomUUID() };
};

describe('authentication and scopes', () => {
	it('accepts its SSWS token and refuses others with Okta\'s error', async () => {
		expect((await call('GET', '/api/v1/users?limit=1')).status).toBe(200);
		const refused = await call('GET', '/api/v1/users', undefined, 'SSWS wrong');
		expect(refused).toMatchObject({ status: 401, body: { errorCode: 'E0000011' } });
	});

	it('issues client-credentials tokens only for a valid private_key_jwt assertion, and enforces their scopes', async () => {
		const response = await serviceToken(assertion(validClaims()));
		expect(response.status).toBe(200);
		const { access_token: token, scope } = (await response.json()) as Record<string, string>;
		expect(scope).toBe('okta.users.read');
		expect((await call('GET', '/api/v1/users?limit=1', undefined, `Bearer ${token}`)).status).toBe(200);
		const forbidden = await call('GET', '/api/v1/groups', undefined, `Bearer ${token}`);
		expect(forbidden).toMatchObject({ status: 403, body: { errorCode: 'E0000006', errorCauses: [{ errorSummary: 'The access token provided does not contain the required scopes.' }] } });
		expect((await call('POST', '/api/v1/users', { profile: profile('s@example.com') }, `Bearer ${token}`)).status).toBe(403);
	});

	it('checks the assertion\'s signature, audience, expiry and one-time jti', async () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const reasons = async (jwt: string) => ((await (await serviceToken(jwt)).json()) as Record<string, string>).error_description;
		expect(await reasons(assertion(validClaims(), privateKey))).toMatch(/signature is invalid/);
		expect(await reasons(assertion({ ...validClaims(), aud: 'https://evil.example.com/oauth2/v1/token' }))).toMatch(/audience/);
		expect(await reasons(assertion({ ...validClaims(), exp: Math.floor(Date.now() / 1000) - 5 }))).toMatch(/expired/);
		expect(await reasons(assertion({ ...validClaims(), exp: Math.floor(Date.now() / 1000) + 7200 }))).toMatch(/too far into the future/);
		const once = assertion(validClaims());
		expect((await serviceToken(once)).status).toBe(200);
		expect(await reasons(once)).toMatch(/already been used/);
		const secretAttempt = await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'okta.users.read', client_id: 'x', client_secret: 'y' }) });
		expect(((await secretAttempt.json()) as Record<string, string>).error_description).toMatch(/private_key_jwt/);
	});

	it('auto-approves /authorize with code and state, exchanges the code once and refreshes', async () => {
		const { clientId, clientSecret } = sandbox.oauth.webApp;
		const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
		const authorize = await fetch(`${sandbox.baseUrl}/oauth2/v1/authorize?client_id=${clientId}&response_type=code&scope=openid%20offline_access%20okta.users.read&redirect_uri=${encodeURIComponent(redirect)}&state=abc`, { redirect: 'manual' });
		expect(authorize.status).toBe(302);
		const location = new URL(String(authorize.headers.get('location')));
		expect(location.searchParams.get('state')).toBe('abc');
		const exchange = async (body: Record<string, string>) =>
			await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, ...body }) });
		const code = String(location.searchParams.get('code'));
		const first = (await (await exchange({ grant_type: 'authorization_code', code, redirect_uri: redirect })).json()) as Record<string, string>;
		expect(first.refresh_token).toBeDefined();
		expect((await exchange({ grant_type: 'authorization_code', code, redirect_uri: redirect })).status).toBe(400);
		const refreshed = (await (await exchange({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json()) as Record<string, string>;
		expect(refreshed.access_token).not.toBe(first.access_token);
		const userinfo = await call('GET', '/oauth2/v1/userinfo', undefined, `Bearer ${refreshed.access_token}`);
		expect(userinfo.body.sub).toBe(activeUser().id);
	});
});

describe('users', () => {
	it('allows only Okta\'s lifecycle transitions', async () => {
		const created = await call('POST', '/api/v1/users?activate=false', { profile: profile('life@example.com') });
		const id = created.body.id;
		expect(created.body.status).toBe('STAGED');
		expect((await call('POST', `/api/v1/users/${id}/lifecycle/suspend`)).body).toMatchObject({ errorCode: 'E0000038' });
		expect((await call('POST', `/api/v1/users/${id}/lifecycle/activate?sendEmail=false`)).body).toMatchObject({ activationToken: expect.any(String) });
		expect(sandbox.state.users.get(id)?.status).toBe('PROVISIONED');
		sandbox.state.users.get(id)!.status = 'ACTIVE';
		expect((await call('POST', `/api/v1/users/${id}/lifecycle/suspend`)).status).toBe(200);
		expect((await call('POST', `/api/v1/users/${id}/lifecycle/unlock`)).status).toBe(403);
		expect((await call('POST', `/api/v1/users/${id}/lifecycle/unsuspend`)).status).toBe(200);
		expect(sandbox.state.users.get(id)?.status).toBe('ACTIVE');
	});

	it('deletes in two steps: the first DELETE deactivates, the second deletes', async () => {
		const user = activeUser();
		expect((await call('DELETE', `/api/v1/users/${user.id}`)).status).toBe(204);
		expect(sandbox.state.users.get(user.id)?.status).toBe('DEPROVISIONED');
		expect((await call('DELETE', `/api/v1/users/${user.id}`)).status).toBe(204);
		expect(sandbox.state.users.has(user.id)).toBe(false);
	});

	it('updates partially with POST and replaces with PUT', async () => {
		const user = activeUser();
		await call('POST', `/api/v1/users/${user.id}`, { profile: { title: 'Boss', costCenter: 'x' } });
		expect(sandbox.state.users.get(user.id)!.profile).toMatchObject({ title: 'Boss', costCenter: 'x', login: user.profile.login });
		await call('PUT', `/api/v1/users/${user.id}`, { profile: profile('replaced@example.com') });
		expect(sandbox.state.users.get(user.id)!.profile).toEqual(profile('replaced@example.com'));
	});

	it('pages with limit/after and separate self and next link headers; q is not pageable', async () => {
		const big = await startSandbox({ seed: { users: 250 } });
		try {
			const response = await fetch(`${big.baseUrl}/api/v1/users?limit=200`, { headers: { authorization: `SSWS ${big.apiToken}` } });
			const links = String(response.headers.get('link'));
			expect(links).toMatch(/rel="self".*rel="next"/);
			const next = /<([^>]+)>; rel="next"/.exec(links)![1];
			expect(new URL(next).searchParams.get('after')).toBe(((await response.json()) as Array<{ id: string }>)[199].id);
			expect(((await (await fetch(next, { headers: { authorization: `SSWS ${big.apiToken}` } })).json()) as unknown[]).length).toBe(50);
			const quick = await fetch(`${big.baseUrl}/api/v1/users?q=a&limit=2`, { headers: { authorization: `SSWS ${big.apiToken}` } });
			expect(String(quick.headers.get('link'))).not.toContain('rel="next"');
		} finally {
			await big.close();
		}
	});

	it('searches with SCIM expressions and hides DEPROVISIONED users unless asked', async () => {
		const all = (await call('GET', '/api/v1/users')).body as Array<{ status: string }>;
		expect(all.some((user) => user.status === 'DEPROVISIONED')).toBe(false);
		const gone = (await call('GET', `/api/v1/users?search=${encodeURIComponent('status eq "DEPROVISIONED"')}`)).body as Array<{ status: string }>;
		expect(gone.length).toBeGreaterThan(0);
		expect((await call('GET', `/api/v1/users?filter=${encodeURIComponent('profile.department eq "IT"')}`)).status).toBe(400);
		expect((await call('GET', `/api/v1/users?search=${encodeURIComponent('profile.login sw')}`)).body).toMatchObject({ errorCode: 'E0000031' });
	});
});

describe('groups', () => {
	it('has the built-in Everyone group, pages members at 1000 and refuses to change built-in groups', async () => {
		const everyone = [...sandbox.state.groups.values()].find((group) => group.type === 'BUILT_IN')!;
		expect(everyone.profile.name).toBe('Everyone');
		expect((await call('PUT', `/api/v1/groups/${everyone.id}`, { profile: { name: 'x' } })).status).toBe(403);
		const big = await startSandbox({ seed: { users: 1200 } });
		try {
			const group = [...big.state.groups.values()][0];
			const response = await fetch(`${big.baseUrl}/api/v1/groups/${group.id}/users`, { headers: { authorization: `SSWS ${big.apiToken}` } });
			expect(((await response.json()) as unknown[]).length).toBe(1000);
		} finally {
			await big.close();
		}
	});
});

describe('spec validation', () => {
	it('rejects malformed requests like Okta, saying exactly what was wrong', async () => {
		const badQuery = await call('GET', '/api/v1/users?limit=lots');
		expect(badQuery).toMatchObject({ status: 400, body: { errorCode: 'E0000001', errorCauses: [{ errorSummary: 'query.limit: must be integer' }] } });
		const unknown = await call('GET', '/api/v1/users?colour=blue');
		expect(unknown.status).toBe(400);
		expect(JSON.stringify(unknown.body)).toContain('colour');
		const badBody = await call('POST', '/api/v1/users', { profile: 'nope' });
		expect(badBody.body.errorCauses).toEqual([{ errorSummary: 'body.profile: must be object' }]);
		const notJson = await call('POST', '/api/v1/groups', '{"profile": ');
		expect(notJson.body).toMatchObject({ errorCode: 'E0000003' });
		expect(sandbox.requestLog.filter((entry) => entry.validation !== 'passed')).toHaveLength(4);
	});

	it('validates its own responses against the spec', async () => {
		const user = activeUser();
		const group = [...sandbox.state.groups.values()][1];
		const device = [...sandbox.state.devices.values()][0];
		for (const path of ['/api/v1/users', `/api/v1/users/${user.id}`, `/api/v1/users/${user.id}/groups`, `/api/v1/users/${user.id}/blocks`, '/api/v1/groups?expand=stats', `/api/v1/groups/${group.id}`, `/api/v1/groups/${group.id}/users`, '/api/v1/devices?expand=user', `/api/v1/devices/${device.id}`, '/api/v1/realms', '/api/v1/meta/types/user', '/api/v1/meta/types/user/default', '/api/v1/eventHooks']) {
			expect((await call('GET', path)).status).toBe(200);
		}
		await call('POST', '/api/v1/users?activate=true', { profile: profile('resp@example.com'), credentials: { password: { value: 'Abcdef12!' } } });
		await call('POST', `/api/v1/users/${user.id}/lifecycle/expire_password`);
		expect(sandbox.requestLog.filter((entry) => entry.responseValidation)).toEqual([]);
	});

	it('masks credentials in the request log', async () => {
		await call('GET', '/api/v1/users?limit=1');
		expect(sandbox.requestLog[0].headers.authorization).toBe('SSWS ****');
		expect(JSON.stringify(sandbox.requestLog)).not.toContain(sandbox.apiToken);
	});
});

describe('rate limits and faults', () => {
	it('answers 429 like Okta once a family\'s window is used up, and resets', async () => {
		const limited = await startSandbox({ rateLimits: { users: 3 }, rateLimitWindowMs: 1000 });
		try {
			const statuses: number[] = [];
			let reset = 0;
			for (let i = 0; i < 4; i++) {
				const response = await fetch(`${limited.baseUrl}/api/v1/users`, { headers: { authorization: `SSWS ${limited.apiToken}` } });
				statuses.push(response.status);
				reset = Number(response.headers.get('x-rate-limit-reset'));
				if (response.status === 429) expect(await response.json()).toMatchObject({ errorCode: 'E0000047' });
			}
			expect(statuses).toEqual([200, 200, 200, 429]);
			expect(reset * 1000).toBeGreaterThan(Date.now() - 1000);
			// other families are not affected
			expect((await fetch(`${limited.baseUrl}/api/v1/groups`, { headers: { authorization: `SSWS ${limited.apiToken}` } })).status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 1100));
			expect((await fetch(`${limited.baseUrl}/api/v1/users`, { headers: { authorization: `SSWS ${limited.apiToken}` } })).status).toBe(200);
		} finally {
			await limited.close();
		}
	});

	it('answers 429 with Limit = Remaining = 0 past the concurrency limit', async () => {
		const narrow = await startSandbox({ concurrencyLimit: 2, latencyMs: 150 });
		try {
			const responses = await Promise.all(Array.from({ length: 4 }, () => fetch(`${narrow.baseUrl}/api/v1/users`, { headers: { authorization: `SSWS ${narrow.apiToken}` } })));
			const rejected = responses.filter((response) => response.status === 429);
			expect(rejected.length).toBe(2);
			expect(rejected[0].headers.get('x-rate-limit-limit')).toBe('0');
			expect(rejected[0].headers.get('x-rate-limit-remaining')).toBe('0');
		} finally {
			await narrow.close();
		}
	});

	it('injects 5xx, dropped connections, truncated bodies, 429 storms and latency per route', async () => {
		sandbox.faults.set('/api/v1/groups', { rateLimitStorm: { count: 2 } });
		expect((await call('GET', '/api/v1/groups')).status).toBe(429);
		expect((await call('GET', '/api/v1/groups')).status).toBe(429);
		expect((await call('GET', '/api/v1/groups')).status).toBe(200);
		sandbox.faults.clear();
		sandbox.faults.set('/api/v1/users', { errorRate: 1, errorStatus: 503 });
		expect((await call('GET', '/api/v1/users')).status).toBe(503);
		sandbox.faults.clear();
		sandbox.faults.set('/api/v1/users', { dropRate: 1 });
		await expect(call('GET', '/api/v1/users')).rejects.toThrow();
		sandbox.faults.clear();
		sandbox.faults.set('/api/v1/users', { truncateRate: 1 });
		const truncated = await call('GET', '/api/v1/users');
		expect(typeof truncated.body).toBe('string');
		sandbox.faults.clear();
		sandbox.faults.set('/api/v1/realms', { latencyMs: 300 });
		const started = Date.now();
		await call('GET', '/api/v1/realms');
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});
});

describe('event delivery through the API', () => {
	it('delivers user and membership changes to a verified hook, in one batch with the auth header', async () => {
		const received: Array<{ auth?: string; types: string[] }> = [];
		const app = express();
		app.use(express.json());
		app.get('/hook', (req, res) => {
			res.json({ verification: req.headers['x-okta-verification-challenge'] });
		});
		app.post('/hook', (req, res) => {
			received.push({ auth: req.headers.authorization, types: req.body.data.events.map((event: { eventType: string }) => event.eventType) });
			res.status(204).end();
		});
		const server: Server = await new Promise((resolve) => {
			const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
		});
		try {
			const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
			const hook = await call('POST', '/api/v1/eventHooks', {
				name: 'test',
				events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'group.user_membership.add'] },
				channel: { type: 'HTTP', version: '1.0.0', config: { uri, authScheme: { type: 'HEADER', key: 'Authorization', value: 'sekret' } } },
			});
			expect((await call('POST', `/api/v1/eventHooks/${hook.body.id}/lifecycle/verify`)).body.verificationStatus).toBe('VERIFIED');
			const created = await call('POST', '/api/v1/users', { profile: profile('hooked@example.com') });
			const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!;
			await call('PUT', `/api/v1/groups/${group.id}/users/${created.body.id}`);
			await sandbox.events.flush();
			expect(received).toEqual([{ auth: 'sekret', types: ['user.lifecycle.create', 'group.user_membership.add'] }]);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

describe('introspection over HTTP', () => {
	it('serves state without secrets, the request log, and resets', async () => {
		const state = (await (await fetch(`${sandbox.baseUrl}/__sandbox/state`)).json()) as { users: Array<Record<string, unknown>> };
		expect(state.users.length).toBe(sandbox.state.users.size);
		expect(JSON.stringify(state)).not.toContain('Passw0rd!');
		await call('POST', '/api/v1/groups', { profile: { name: 'Temp' } });
		expect(((await (await fetch(`${sandbox.baseUrl}/__sandbox/requests`)).json()) as unknown[]).length).toBe(1);
		await fetch(`${sandbox.baseUrl}/__sandbox/reset`, { method: 'POST' });
		expect([...sandbox.state.groups.values()].some((group) => group.profile.name === 'Temp')).toBe(false);
	});
});
