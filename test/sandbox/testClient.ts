import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Sandbox } from './index';

/** Small HTTP helpers shared by the sandbox's own test files. */

export interface Reply {
	status: number;
	body: any;
	headers: Headers;
}

export async function call(sandbox: Sandbox, method: string, path: string, body?: unknown, auth: string | null = `SSWS ${sandbox.apiToken}`): Promise<Reply> {
	const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
	if (auth) headers.authorization = auth;
	const response = await fetch(`${sandbox.baseUrl}${path}`, {
		method,
		headers,
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

export const profile = (login: string, extra: Record<string, unknown> = {}) => ({ login, email: login, firstName: 'Test', lastName: 'User', ...extra });

export const activeUser = (sandbox: Sandbox) => [...sandbox.state.users.values()].find((user) => user.status === 'ACTIVE')!;

export const q = (expression: string) => encodeURIComponent(expression);

/** A private_key_jwt client assertion signed with the given key (RS256 by default). */
export function assertion(claims: Record<string, unknown>, key: KeyObject | string, kid?: string, alg: 'RS256' | 'ES256' = 'RS256'): string {
	const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const input = `${encode({ alg, kid })}.${encode(claims)}`;
	const privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
	const signature = alg === 'ES256' ? sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }) : sign('sha256', Buffer.from(input), privateKey);
	return `${input}.${signature.toString('base64url')}`;
}

export function validClaims(sandbox: Sandbox, clientId = sandbox.oauth.serviceApp.clientId): Record<string, unknown> {
	const now = Math.floor(Date.now() / 1000);
	return { iss: clientId, sub: clientId, aud: `${sandbox.baseUrl}/oauth2/v1/token`, iat: now, exp: now + 300, jti: randomUUID() };
}

export async function tokenRequest(sandbox: Sandbox, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, string> }> {
	const response = await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form),
	});
	return { status: response.status, body: (await response.json()) as Record<string, string> };
}

export async function serviceToken(sandbox: Sandbox, jwt: string, scope = 'okta.users.read') {
	return await tokenRequest(sandbox, { grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt });
}

export const nextLink = (headers: Headers) => /<([^>]+)>; rel="next"/.exec(String(headers.get('link')))?.[1];

/** Every response the sandbox sent so far that does not match Okta's spec (should be none). */
export const responseDrift = (sandbox: Sandbox) =>
	sandbox.requestLog.filter((entry) => entry.responseValidation).map((entry) => `${entry.method} ${entry.path} → ${entry.status}: ${entry.responseValidation!.error}`);

export interface ReceivedRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	body: any;
	raw: string;
}

/**
 * An event-hook endpoint on 127.0.0.1 that records every request. By default it answers the verification GET
 * correctly and each delivery POST with 200; `answer` lets a test script other behaviour (return true when it
 * has answered).
 */
export async function startReceiver(answer?: (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => boolean | Promise<boolean>) {
	const received: ReceivedRequest[] = [];
	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
		req.on('end', () => {
			let body: any;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				body = raw;
			}
			const entry = { method: req.method ?? '', headers: req.headers, body, raw };
			received.push(entry);
			void (async () => {
				if (answer && (await answer(req, res, entry))) return;
				if (req.method === 'GET') {
					res.setHeader('content-type', 'application/json');
					res.end(JSON.stringify({ verification: req.headers['x-okta-verification-challenge'] }));
				} else {
					res.statusCode = 200;
					res.end();
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/okta/events`,
		received,
		posts: () => received.filter((entry) => entry.method === 'POST'),
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

export const hookBody = (uri: string, items: string[], secret = 'hook-secret') => ({
	name: 'test hook',
	events: { type: 'EVENT_TYPE', items },
	channel: { type: 'HTTP', version: '1.0.0', config: { uri, headers: [{ key: 'X-Extra', value: 'extra' }], authScheme: { type: 'HEADER', key: 'Authorization', value: secret } } },
});

/** Creates a hook for `items` and verifies it; returns its id. */
export async function verifiedHook(sandbox: Sandbox, uri: string, items: string[], secret = 'hook-secret'): Promise<string> {
	const created = await call(sandbox, 'POST', '/api/v1/eventHooks', hookBody(uri, items, secret));
	if (created.status !== 200) throw new Error(`hook not created: ${JSON.stringify(created.body)}`);
	const verified = await call(sandbox, 'POST', `/api/v1/eventHooks/${created.body.id}/lifecycle/verify`);
	if (verified.body?.verificationStatus !== 'VERIFIED') throw new Error(`hook not verified: ${JSON.stringify(verified.body)}`);
	return created.body.id as string;
}
