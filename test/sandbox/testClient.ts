import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';

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
