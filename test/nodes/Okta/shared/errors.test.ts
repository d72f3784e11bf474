import { AxiosError, AxiosHeaders } from 'axios';
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeOktaFailure, extractHttpFailure, oktaApiError } from '../../../../nodes/Okta/shared/errors';

const node: INode = { id: '1', name: 'Okta Directory', type: 'n8n-nodes-okta.oktaDirectory', typeVersion: 1, position: [0, 0], parameters: {} };
const SECRET = 'SSWS 00abcdefSECRETtoken1234567890';

function axiosError(status: number, data: unknown, headers: Record<string, string> = {}): AxiosError {
	const config = { headers: new AxiosHeaders({ Authorization: SECRET }), url: 'https://dev-1.okta.com/api/v1/users', method: 'post', data: '{"password":"hunter2"}' };
	return new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_REQUEST', config as never, {}, {
		status,
		statusText: '',
		headers,
		config: config as never,
		data,
	});
}

const validationBody = {
	errorCode: 'E0000001',
	errorSummary: 'Api validation failed: login',
	errorLink: 'E0000001',
	errorId: 'oaeXYZ',
	errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }],
};

describe('extractHttpFailure', () => {
	it('reads status, headers and body from an AxiosError', () => {
		const failure = extractHttpFailure(axiosError(429, { errorCode: 'E0000047' }, { 'x-rate-limit-reset': '1700000000' }));
		expect(failure.status).toBe(429);
		expect(failure.headers['x-rate-limit-reset']).toBe('1700000000');
		expect(failure.body).toEqual({ errorCode: 'E0000047' });
	});

	it('reads through n8n\'s NodeApiError wrapper (header credentials)', () => {
		const wrapped = new NodeApiError(node, axiosError(400, validationBody) as never);
		const failure = extractHttpFailure(wrapped);
		expect(failure.status).toBe(400);
		expect(failure.body).toEqual(validationBody);
	});

	it('parses a JSON string body and keeps a non-JSON one as text', () => {
		expect(extractHttpFailure(axiosError(400, JSON.stringify(validationBody))).body).toEqual(validationBody);
		expect(extractHttpFailure(axiosError(502, '<html>Bad gateway</html>')).body).toBe('<html>Bad gateway</html>');
	});

	it('recognises network failures without a response', () => {
		const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const failure = extractHttpFailure(new NodeApiError(node, error as never));
		expect(failure.status).toBeUndefined();
		expect(failure.networkCode).toBe('ECONNRESET');
		expect(extractHttpFailure(new Error('timeout of 1000ms exceeded')).networkCode).toBe('ETIMEDOUT');
	});

	it('does not loop on circular causes', () => {
		const a: Record<string, unknown> = {};
		a.cause = a;
		expect(extractHttpFailure(a)).toEqual({ headers: {} });
	});
});

describe('describeOktaFailure', () => {
	it('includes the summary, every cause, the HTTP status and the Okta error code', () => {
		const { message } = describeOktaFailure({ status: 400, headers: {}, body: validationBody });
		expect(message).toBe(
			'Api validation failed: login: An object with this field already exists in the current organization [HTTP 400, E0000001]',
		);
	});

	it('explains a status Okta gave no body for', () => {
		expect(describeOktaFailure({ status: 403, headers: {}, body: '' }).message).toMatch(/lacks the scope.*\[HTTP 403\]/);
	});

	it('describes OAuth errors', () => {
		const { message } = describeOktaFailure({ status: 401, headers: {}, body: { error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' } });
		expect(message).toBe('The client_assertion signature is invalid. [HTTP 401, invalid_client]');
	});
});

describe('oktaApiError', () => {
	it('is a NodeApiError with the item index and HTTP code, and carries no secret anywhere', () => {
		const raw = new NodeApiError(node, axiosError(400, validationBody) as never);
		const error = oktaApiError(node, extractHttpFailure(raw), 3);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(3);
		expect(error.message).toContain('An object with this field already exists');
		const serialized = JSON.stringify({ ...error, message: error.message, description: error.description, cause: error.cause });
		expect(serialized).not.toContain('SECRET');
		expect(serialized).not.toContain('hunter2');
	});
});
