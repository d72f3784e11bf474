import { AxiosError, AxiosHeaders } from 'axios';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeApiError as NodeApiErrorV1 } from 'n8n-workflow-v1';

import { extractHttpFailure, failureFromResponse } from '../../../../nodes/Okta/shared/errors';
import { oktaApiRequest, oktaApiRequestFull } from '../../../../nodes/Okta/transport';

/**
 * The failure path on n8n 1.x. Errors are built from n8n-workflow 1.x's own NodeApiError (the devDependency
 * alias n8n-workflow-v1, the version n8n 1.123.81 ships), wrapped around an AxiosError the way n8n-core 1.x's
 * httpRequestWithAuthentication does. `ignoreHttpStatusErrors` is honoured as n8n's httpRequest honours it
 * (the answer comes back as a full response). The same scenarios run in real n8n 1.123.81 in test/e2e/n8n1/.
 */

const node: INode = { id: '1', name: 'Okta Directory', type: 'n8n-nodes-okta.oktaDirectory', typeVersion: 1, position: [0, 0], parameters: {} };
type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | { network: string };

const validationBody = {
	errorCode: 'E0000001',
	errorSummary: 'Api validation failed: login',
	errorId: 'oae1',
	errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }],
};

function axiosFailure(reply: Reply): AxiosError {
	const config = { headers: new AxiosHeaders({ Authorization: 'SSWS SECRET-TOKEN' }) };
	if ('network' in reply) return new AxiosError('socket hang up', reply.network, config as never);
	return new AxiosError(`Request failed with status code ${reply.status}`, 'ERR_BAD_REQUEST', config as never, {}, {
		status: reply.status,
		statusText: '',
		headers: reply.headers ?? {},
		config: config as never,
		data: reply.body,
	});
}

/** What n8n-core 1.x throws for a failed request: NodeApiError(node, axiosError) from n8n-workflow 1.x. */
const n8n1Error = (reply: Reply) => new NodeApiErrorV1(node as never, axiosFailure(reply) as never);

let domainCounter = 0;

function n8n1Context(replies: Reply[], parameters: IDataObject = {}) {
	const requests: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => node,
		getNodeParameter: (name: string, _index: number, fallback: unknown) => parameters[name] ?? fallback,
		getCredentials: async () => ({ domain: `n8n1-${++domainCounter}.okta.com` }),
		helpers: {
			httpRequestWithAuthentication: async (_credentialType: string, options: IHttpRequestOptions) => {
				requests.push(options);
				const reply = replies.shift();
				if (!reply) throw new Error('test script ran out of replies');
				if ('network' in reply) throw n8n1Error(reply);
				if (reply.status >= 400 && !options.ignoreHttpStatusErrors) throw n8n1Error(reply);
				return { statusCode: reply.status, headers: reply.headers ?? {}, body: reply.body };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, requests };
}

describe('n8n-workflow 1.x error shape', () => {
	it('is what the issue found: the AxiosError is gone, only httpCode and context.data are left', () => {
		const error = n8n1Error({ status: 400, body: validationBody, headers: { 'x-rate-limit-reset': '1700000000' } });
		expect(error.cause).toBeUndefined();
		expect(error.httpCode).toBe('400');
		expect(error.context.data).toEqual(validationBody);
		expect(JSON.stringify(error)).not.toContain('1700000000');
	});

	it('yields the status and Okta\'s body', () => {
		const failure = extractHttpFailure(n8n1Error({ status: 400, body: validationBody }));
		expect(failure.status).toBe(400);
		expect(failure.body).toEqual(validationBody);
	});

	it('yields the network code of a dropped connection', () => {
		const failure = extractHttpFailure(n8n1Error({ network: 'ECONNRESET' }));
		expect(failure.status).toBeUndefined();
		expect(failure.networkCode).toBe('ECONNRESET');
	});
});

describe('failureFromResponse (error answers returned, not thrown)', () => {
	it('keeps status, headers and the parsed body', () => {
		const failure = failureFromResponse({
			statusCode: 429,
			headers: { 'x-rate-limit-reset': '1700000000' },
			body: JSON.stringify({ errorCode: 'E0000047' }),
		});
		expect(failure).toEqual({ status: 429, headers: { 'x-rate-limit-reset': '1700000000' }, body: { errorCode: 'E0000047' } });
	});
});

describe('oktaApiRequest on n8n 1.x', () => {
	it('fails a refused write with Okta\'s message, not n8n\'s generic one', async () => {
		const { ctx, requests } = n8n1Context([{ status: 400, body: validationBody }]);
		const error = (await oktaApiRequest.call(ctx, 'POST', '/api/v1/users', { body: { profile: {} } }).catch((e: unknown) => e)) as Error;
		expect(error.message).toBe(
			'Api validation failed: login: An object with this field already exists in the current organization [HTTP 400, E0000001]',
		);
		expect(requests).toHaveLength(1);
		expect(requests[0].ignoreHttpStatusErrors).toBe(true);
	});

	it('waits a 429 out until X-Rate-Limit-Reset, not the header-less back-off', async () => {
		const resetIn3s = String(Math.floor(Date.now() / 1000) + 3);
		const { ctx, requests } = n8n1Context([
			{ status: 429, body: { errorCode: 'E0000047' }, headers: { 'x-rate-limit-limit': '10', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetIn3s } },
			{ status: 200, body: { id: '00u1' } },
		]);
		const started = Date.now();
		await expect(oktaApiRequest.call(ctx, 'GET', '/api/v1/users/00u1')).resolves.toEqual({ id: '00u1' });
		expect(requests).toHaveLength(2);
		// Without the header the first wait is 1 s; the reset is 2 to 3 s away (whole seconds).
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
	});

	it('retries a 503 and a dropped connection to success', async () => {
		const { ctx, requests } = n8n1Context([{ status: 503, body: 'Service Unavailable' }, { network: 'ECONNRESET' }, { status: 200, body: [] }]);
		await expect(oktaApiRequest.call(ctx, 'GET', '/api/v1/groups')).resolves.toEqual([]);
		expect(requests).toHaveLength(3);
	});

	it('returns an accepted 404 to the caller', async () => {
		const { ctx } = n8n1Context([{ status: 404, body: { errorCode: 'E0000007' } }]);
		const response = await oktaApiRequestFull.call(ctx, 'GET', '/api/v1/eventHooks/who1', { acceptStatuses: [404] });
		expect(response).toMatchObject({ statusCode: 404, body: { errorCode: 'E0000007' } });
	});

	it('asks once more in throwing mode after a 401, so n8n can refresh an OAuth2 or service-app token', async () => {
		const { ctx, requests } = n8n1Context([{ status: 401, body: { errorCode: 'E0000011' } }, { status: 200, body: { id: '00u1' } }], {
			authentication: 'oAuth2',
		});
		await expect(oktaApiRequest.call(ctx, 'GET', '/api/v1/users/00u1')).resolves.toEqual({ id: '00u1' });
		expect(requests.map((request) => request.ignoreHttpStatusErrors)).toEqual([true, false]);
	});

	it('does not ask again after a 401 for an API token, which n8n cannot refresh', async () => {
		const { ctx, requests } = n8n1Context([{ status: 401, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided' } }]);
		await expect(oktaApiRequest.call(ctx, 'GET', '/api/v1/users/00u1')).rejects.toThrow('Invalid token provided [HTTP 401, E0000011]');
		expect(requests).toHaveLength(1);
	});
});
