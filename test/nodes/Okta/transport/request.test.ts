import { AxiosError, AxiosHeaders } from 'axios';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	oktaApiRequest,
	oktaApiRequestAllItems,
	oktaApiRequestFull,
	oktaApiRequestOutcome,
	OktaInputError,
	oktaPath,
} from '../../../../nodes/Okta/transport';

/**
 * Unit tests of the transport's decisions (retry, give up, paging, error mapping) with a scripted
 * `httpRequestWithAuthentication`. Errors are raised the way n8n raises them for header credentials:
 * an AxiosError wrapped in NodeApiError. End-to-end behaviour against the sandbox is tested elsewhere.
 */

const node: INode = { id: '1', name: 'Okta Directory', type: 'n8n-nodes-okta.oktaDirectory', typeVersion: 1, position: [0, 0], parameters: {} };
type Reply = { status: number; body?: unknown; headers?: Record<string, string | string[]> } | { network: string };

let domainCounter = 0;

function fakeContext(replies: Reply[], parameters: IDataObject = {}) {
	const requests: IHttpRequestOptions[] = [];
	const credentialTypes: string[] = [];
	const domain = `org-${++domainCounter}.okta.com`;
	const ctx = {
		getNode: () => node,
		getNodeParameter: (name: string, _index: number, fallback: unknown) => parameters[name] ?? fallback,
		getCredentials: async () => ({ domain, apiToken: 'SECRET-TOKEN' }),
		helpers: {
			httpRequestWithAuthentication: async (credentialType: string, options: IHttpRequestOptions) => {
				credentialTypes.push(credentialType);
				requests.push(options);
				const reply = replies.shift();
				if (!reply) throw new Error('test script ran out of replies');
				if ('network' in reply) {
					throw new NodeApiError(node, Object.assign(new Error(reply.network), { code: reply.network }) as never);
				}
				if (reply.status >= 400) {
					const config = { headers: new AxiosHeaders({ Authorization: 'SSWS SECRET-TOKEN' }) };
					const error = new AxiosError('failed', 'ERR_BAD_REQUEST', config as never, {}, {
						status: reply.status,
						statusText: '',
						headers: reply.headers ?? {},
						config: config as never,
						data: reply.body,
					});
					throw new NodeApiError(node, error as never);
				}
				return { statusCode: reply.status, headers: reply.headers ?? {}, body: reply.body };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, requests, credentialTypes, baseUrl: `https://${domain}` };
}

const resetSoon = () => String(Math.floor(Date.now() / 1000));

describe('oktaPath', () => {
	it('percent-encodes every interpolated value so it stays one path segment', () => {
		expect(oktaPath`/api/v1/users/${'../groups/x'}/lifecycle/activate`).toBe('/api/v1/users/..%2Fgroups%2Fx/lifecycle/activate');
		expect(oktaPath`/api/v1/users/${'a\r\nHost: evil'}`).toBe('/api/v1/users/a%0D%0AHost%3A%20evil');
		expect(oktaPath`/api/v1/users/${'jane.doe+test@example.com'}`).toBe('/api/v1/users/jane.doe%2Btest%40example.com');
		expect(oktaPath`/api/v1/groups/${'00g1'}/users/${'00u2'}`).toBe('/api/v1/groups/00g1/users/00u2');
		expect(oktaPath`/api/v1/users/${'ü?#'}`).toBe('/api/v1/users/%C3%BC%3F%23');
	});

	it.each(['', ' ', '.', '..'])('refuses %j, which URL parsers would drop or resolve', (id) => {
		expect(() => oktaPath`/api/v1/users/${id}`).toThrow(OktaInputError);
	});
});

describe('oktaApiRequest', () => {
	it('uses the credential chosen by the authentication parameter and the credential\'s domain', async () => {
		const { ctx, requests, credentialTypes, baseUrl } = fakeContext([{ status: 200, body: { id: '00u1' } }], { authentication: 'serviceApp' });
		await expect(oktaApiRequest.call(ctx, 'GET', '/api/v1/users/00u1')).resolves.toEqual({ id: '00u1' });
		expect(credentialTypes).toEqual(['oktaDirectoryServiceAppApi']);
		expect(requests[0]).toMatchObject({ method: 'GET', url: `${baseUrl}/api/v1/users/00u1`, json: true, timeout: 30_000 });
	});

	it('applies the node\'s timeout option', async () => {
		const { ctx, requests } = fakeContext([{ status: 200, body: {} }], { requestOptions: { timeout: 3 } });
		await oktaApiRequest.call(ctx, 'GET', '/api/v1/users/me');
		expect(requests[0].timeout).toBe(3000);
	});

	it('waits out a 429 until X-Rate-Limit-Reset and retries', async () => {
		const { ctx, requests } = fakeContext([
			{ status: 429, body: { errorCode: 'E0000047' }, headers: { 'x-rate-limit-limit': '10', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetSoon() } },
			{ status: 429, body: { errorCode: 'E0000047' }, headers: { 'x-rate-limit-limit': '10', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetSoon() } },
			{ status: 200, body: { ok: true } },
		]);
		const started = Date.now();
		await expect(oktaApiRequest.call(ctx, 'POST', '/api/v1/users', { body: { profile: {} } })).resolves.toEqual({ ok: true });
		expect(requests).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 250);
	});

	it('gives up on 429 after the configured retries with a clear message', async () => {
		const storm: Reply = { status: 429, body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }, headers: { 'x-rate-limit-reset': resetSoon(), 'x-rate-limit-limit': '1', 'x-rate-limit-remaining': '0' } };
		const { ctx, requests } = fakeContext([storm, storm, storm], { requestOptions: { maxRateLimitRetries: 2 } });
		const error = await oktaApiRequest.call(ctx, 'GET', '/api/v1/users/00u1', { itemIndex: 4 }).catch((e: unknown) => e);
		expect(requests).toHaveLength(3);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/rate limit still exceeded after 2 retries on GET \/api\/v1\/users\/00u1/);
		expect((error as NodeApiError).message).toContain('[HTTP 429, E0000047]');
		expect((error as NodeApiError).context.itemIndex).toBe(4);
	});

	it('retries idempotent requests after 5xx and dropped connections', async () => {
		const { ctx, requests } = fakeContext([{ status: 503 }, { network: 'ECONNRESET' }, { status: 200, body: [] }]);
		await oktaApiRequest.call(ctx, 'PUT', '/api/v1/groups/00g1/users/00u1');
		expect(requests).toHaveLength(3);
	});

	it('does not repeat a POST that may have reached Okta, and says so', async () => {
		const { ctx, requests } = fakeContext([{ network: 'ECONNRESET' }, { status: 200, body: {} }]);
		const error = (await oktaApiRequest.call(ctx, 'POST', '/api/v1/users', { body: {} }).catch((e: unknown) => e)) as Error;
		expect(requests).toHaveLength(1);
		expect(error.message).toMatch(/POST \/api\/v1\/users may or may not have reached Okta and was not repeated/);
	});

	it("repeats a POST whose policy is 'safe'", async () => {
		const { ctx, requests } = fakeContext([{ status: 500 }, { status: 200, body: {} }]);
		await oktaApiRequest.call(ctx, 'POST', '/api/v1/users/00u1/lifecycle/reset_factors', { repeat: 'safe' });
		expect(requests).toHaveLength(2);
	});

	it("does not repeat a PUT whose policy is 'never'", async () => {
		const { ctx, requests } = fakeContext([{ status: 503 }, { status: 200, body: {} }]);
		const error = (await oktaApiRequest.call(ctx, 'PUT', '/api/v1/groups/00g1', { repeat: 'never' }).catch((e: unknown) => e)) as Error;
		expect(requests).toHaveLength(1);
		expect(error.message).toMatch(/^PUT \/api\/v1\/groups\/00g1 may or may not have reached Okta and was not repeated/);
	});

	it("gives Okta's answer alone when no repeat was reconciled", async () => {
		const { ctx, requests } = fakeContext([{ status: 500 }, { status: 200, body: { id: '00u1' } }]);
		const reconcile = jest.fn(async () => ({ body: { id: 'other' }, resolvedAfterRetry: 'found' }));
		const outcome = await oktaApiRequestOutcome.call(ctx, 'POST', '/api/v1/users', { repeat: { reconcile } });
		expect(requests).toHaveLength(2);
		expect(outcome).toStrictEqual({ body: { id: '00u1' }, statusCode: 200 });
		expect(reconcile).not.toHaveBeenCalled();
	});

	describe('a repeat Okta refuses after an attempt that may have landed', () => {
		const taken = { errorCode: 'E0000001', errorSummary: 'Api validation failed: login', errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }] };

		it('asks the caller to reconcile, and keeps what it read from Okta apart from its conclusion', async () => {
			const { ctx, requests } = fakeContext([{ network: 'ECONNRESET' }, { status: 400, body: taken }]);
			const refusals: unknown[] = [];
			const outcome = await oktaApiRequestOutcome.call(ctx, 'POST', '/api/v1/users', {
				repeat: { reconcile: async (refusal) => (refusals.push(refusal), { body: { id: '00u1' }, resolvedAfterRetry: 'found' }) },
			});
			expect(requests).toHaveLength(2);
			expect(outcome).toStrictEqual({ body: { id: '00u1' }, resolvedAfterRetry: 'found' });
			expect(refusals).toEqual([{ status: 400, errorCode: 'E0000001', summaries: [taken.errorSummary, taken.errorCauses[0].errorSummary] }]);
		});

		it('fails naming the repeat when the caller cannot confirm', async () => {
			const { ctx } = fakeContext([{ status: 503 }, { status: 400, body: taken }]);
			const error = (await oktaApiRequestOutcome
				.call(ctx, 'POST', '/api/v1/users', { repeat: { reconcile: async () => undefined } })
				.catch((e: unknown) => e)) as NodeApiError;
			expect(error.message).toMatch(/^POST \/api\/v1\/users was repeated after an attempt that may have reached Okta, and Okta refused the repeat: .*already exists/);
		});

		it('asks again when the refusal\'s JSON was cut off, since the reason is needed to confirm', async () => {
			const json = { 'content-type': 'application/json' };
			const cut = JSON.stringify(taken).slice(0, 30);
			const { ctx, requests } = fakeContext([{ network: 'ECONNRESET' }, { status: 400, body: cut, headers: json }, { status: 400, body: taken, headers: json }]);
			const confirm = jest.fn(async () => ({ body: { id: '00u1' }, resolvedAfterRetry: 'found' }));
			await expect(oktaApiRequestOutcome.call(ctx, 'POST', '/api/v1/users', { repeat: { reconcile: confirm } })).resolves.toEqual({ body: { id: '00u1' }, resolvedAfterRetry: 'found' });
			expect(requests).toHaveLength(3);
			expect(confirm).toHaveBeenCalledTimes(1);
		});

		it('does not ask when nothing was ambiguous: a first refusal is the answer', async () => {
			const { ctx } = fakeContext([{ status: 400, body: taken }]);
			const confirm = jest.fn(async () => ({ body: { id: '00u1' }, resolvedAfterRetry: 'found' }));
			const error = (await oktaApiRequestOutcome.call(ctx, 'POST', '/api/v1/users', { repeat: { reconcile: confirm } }).catch((e: unknown) => e)) as NodeApiError;
			expect(confirm).not.toHaveBeenCalled();
			expect(error.message).toMatch(/^Api validation failed: login: An object with this field already exists/);
		});
	});

	it('names the request and the retries when a transient failure outlasts them', async () => {
		const { ctx, requests } = fakeContext([{ status: 500 }, { network: 'ECONNRESET' }, { status: 503 }, { status: 500 }]);
		const error = (await oktaApiRequest.call(ctx, 'PUT', '/api/v1/groups/00g1/users/00u7').catch((e: unknown) => e)) as NodeApiError;
		expect(requests).toHaveLength(4);
		expect(error.message).toMatch(/^PUT \/api\/v1\/groups\/00g1\/users\/00u7 still failed after 3 retries: /);
	});

	it('treats a cut-off JSON body as a transient failure', async () => {
		const headers = { 'content-type': 'application/json' };
		const { ctx, requests } = fakeContext([{ status: 200, body: '{"id":"00u1","pro', headers }, { status: 200, body: '{"id":"00u1"}', headers }]);
		await expect(oktaApiRequest.call(ctx, 'GET', '/api/v1/users/00u1')).resolves.toEqual({ id: '00u1' });
		expect(requests).toHaveLength(2);
	});

	it('maps Okta errors to a readable NodeApiError without secrets, and does not retry 4xx', async () => {
		const body = { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nobody (User)', errorCauses: [] };
		const { ctx, requests } = fakeContext([{ status: 404, body }]);
		const error = (await oktaApiRequest.call(ctx, 'GET', '/api/v1/users/nobody').catch((e: unknown) => e)) as NodeApiError;
		expect(requests).toHaveLength(1);
		expect(error.message).toBe('Not found: Resource not found: nobody (User) [HTTP 404, E0000007]');
		expect(JSON.stringify({ ...error, cause: error.cause, description: error.description })).not.toContain('SECRET-TOKEN');
	});

	it('returns accepted statuses to the caller instead of failing', async () => {
		const { ctx } = fakeContext([{ status: 404, body: { errorCode: 'E0000007' } }]);
		const response = await oktaApiRequestFull.call(ctx, 'GET', '/api/v1/eventHooks/who1', { acceptStatuses: [404] });
		expect(response.statusCode).toBe(404);
	});

	it('refuses to follow a URL on another origin', async () => {
		const { ctx, requests } = fakeContext([]);
		await expect(oktaApiRequest.call(ctx, 'GET', 'https://evil.example.com/api/v1/users')).rejects.toThrow(NodeOperationError);
		expect(requests).toHaveLength(0);
	});

	it('refuses a credential whose domain is not an Okta domain, before any request', async () => {
		const { ctx, requests } = fakeContext([]);
		(ctx as unknown as { getCredentials: () => Promise<IDataObject> }).getCredentials = async () => ({ domain: 'evil.com/x@', apiToken: 't' });
		await expect(oktaApiRequest.call(ctx, 'GET', '/api/v1/users')).rejects.toThrow(/not an Okta domain/);
		expect(requests).toHaveLength(0);
	});
});

describe('oktaApiRequestAllItems', () => {
	function pages(baseUrl: string, sizes: number[]): Reply[] {
		let id = 0;
		return sizes.map((size, index) => {
			const items = Array.from({ length: size }, () => ({ id: `00u${++id}` }));
			const self = `<${baseUrl}/api/v1/users?after=cursor${index}&limit=200>; rel="self"`;
			const next = index < sizes.length - 1 ? [`<${baseUrl}/api/v1/users?after=cursor${index + 1}&limit=200>; rel="next"`] : [];
			return { status: 200, body: items, headers: { link: [self, ...next] } };
		});
	}

	it('follows rel="next" to the end at the largest page size', async () => {
		const setup = fakeContext([]);
		const script = pages(setup.baseUrl, [200, 200, 50]);
		const { ctx, requests } = fakeContext([]);
		const replies = script.map((reply) => JSON.parse(JSON.stringify(reply).split(setup.baseUrl).join(`https://org-${domainCounter}.okta.com`)) as Reply);
		(ctx.helpers as unknown as { httpRequestWithAuthentication: unknown }).httpRequestWithAuthentication = async (_type: string, options: IHttpRequestOptions) => {
			requests.push(options);
			const reply = replies.shift() as { status: number; body: unknown; headers: IDataObject };
			return { statusCode: reply.status, body: reply.body, headers: reply.headers };
		};
		const items = await oktaApiRequestAllItems.call(ctx, '/api/v1/users', { search: 'status eq "ACTIVE"' });
		expect(items).toHaveLength(450);
		expect(requests).toHaveLength(3);
		expect(requests[0].qs).toEqual({ search: 'status eq "ACTIVE"', limit: 200 });
		expect(requests[1].url).toContain('after=cursor1');
		expect(requests[1].qs).toBeUndefined();
		expect(requests[2].url).toContain('after=cursor2');
	});

	it('asks for only as many as the limit needs and stops there', async () => {
		const { ctx, requests, baseUrl } = fakeContext([]);
		const replies = pages(baseUrl, [30, 30, 30]);
		(ctx.helpers as unknown as { httpRequestWithAuthentication: unknown }).httpRequestWithAuthentication = async (_type: string, options: IHttpRequestOptions) => {
			requests.push(options);
			const reply = replies.shift() as { status: number; body: unknown; headers: IDataObject };
			return { statusCode: reply.status, body: reply.body, headers: reply.headers };
		};
		const items = await oktaApiRequestAllItems.call(ctx, '/api/v1/users', {}, { returnAll: false, limit: 45 });
		expect(items).toHaveLength(45);
		expect(requests).toHaveLength(2);
		expect(requests[0].qs).toEqual({ limit: 45 });
	});

	it('stops when a next link repeats one already followed', async () => {
		const { ctx, requests, baseUrl } = fakeContext([]);
		const loop = `<${baseUrl}/api/v1/users?after=same>; rel="next"`;
		(ctx.helpers as unknown as { httpRequestWithAuthentication: unknown }).httpRequestWithAuthentication = async (_type: string, options: IHttpRequestOptions) => {
			requests.push(options);
			return { statusCode: 200, body: [{ id: String(requests.length) }], headers: { link: loop } };
		};
		const items = await oktaApiRequestAllItems.call(ctx, '/api/v1/users');
		expect(requests).toHaveLength(2);
		expect(items).toHaveLength(2);
	});
});
