import type { IDataObject } from 'n8n-workflow';

/**
 * The express request/response pair n8n hands a webhook (additionalData.httpRequest / httpResponse), faked:
 * what the node reads (headers, body, rawBody, query, params) and what it writes through
 * getResponseObject() (status, headers, json/send/end) is recorded.
 */

export interface WebhookRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	body?: unknown;
	/** The bytes n8n keeps as req.rawBody; defaults to the JSON of `body` (or nothing). */
	rawBody?: Buffer;
	query?: object;
	params?: Record<string, string>;
	/** The request path after the host, e.g. /webhook/<id>/path; defaults to the webhook's own path. */
	url?: string;
}

export interface FakeResponse {
	/** 200 until the node sets another status. */
	statusCode: number;
	/** What the node sent: the object given to json(), the string/Buffer given to send()/end(). */
	body?: unknown;
	headers: Record<string, string | number | string[]>;
	/** True once json()/send()/end() was called. */
	ended: boolean;
	/** True once the node called status() or writeHead() or sent anything. */
	touched: boolean;
}

export function fakeRequest(request: WebhookRequest, path: string): Record<string, unknown> {
	const headers: Record<string, string | string[]> = {};
	for (const [key, value] of Object.entries(request.headers)) if (value !== undefined) headers[key.toLowerCase()] = value;
	const rawBody = request.rawBody ?? (request.body !== undefined ? Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body)) : undefined);
	const url = request.url ?? `/${path}`;
	const header = (name: string) => headers[name.toLowerCase()];
	return {
		method: request.method.toUpperCase(),
		headers,
		body: request.body ?? {},
		rawBody,
		query: (request.query ?? {}) as IDataObject,
		params: request.params ?? {},
		url,
		originalUrl: url,
		path: url.split('?')[0],
		ip: '127.0.0.1',
		header,
		get: header,
		readable: false,
	};
}

export function fakeResponse(): { res: Record<string, unknown>; response: FakeResponse } {
	const response: FakeResponse = { statusCode: 200, headers: {}, ended: false, touched: false };
	const res: Record<string, unknown> = {};
	const finish = (body?: unknown) => {
		if (body !== undefined) response.body = body;
		response.ended = true;
		response.touched = true;
		return res;
	};
	Object.assign(res, {
		status(code: number) {
			response.statusCode = code;
			response.touched = true;
			return res;
		},
		sendStatus(code: number) {
			response.statusCode = code;
			return finish();
		},
		setHeader(name: string, value: string | number | string[]) {
			response.headers[name.toLowerCase()] = value;
			return res;
		},
		set(name: string | Record<string, string>, value?: string) {
			if (typeof name === 'string') response.headers[name.toLowerCase()] = value ?? '';
			else for (const [key, entry] of Object.entries(name)) response.headers[key.toLowerCase()] = entry;
			return res;
		},
		header(name: string, value: string) {
			response.headers[name.toLowerCase()] = value;
			return res;
		},
		getHeader: (name: string) => response.headers[name.toLowerCase()],
		removeHeader(name: string) {
			delete response.headers[name.toLowerCase()];
		},
		type(value: string) {
			response.headers['content-type'] = value;
			return res;
		},
		writeHead(code: number, headers?: Record<string, string>) {
			response.statusCode = code;
			response.touched = true;
			for (const [key, value] of Object.entries(headers ?? {})) response.headers[key.toLowerCase()] = value;
			return res;
		},
		write(chunk: unknown) {
			response.touched = true;
			const previous = response.body;
			response.body = previous === undefined ? chunk : Buffer.concat([Buffer.from(previous as string), Buffer.from(chunk as string)]);
			return true;
		},
		json(body: unknown) {
			response.headers['content-type'] ??= 'application/json; charset=utf-8';
			return finish(body);
		},
		send: (body?: unknown) => finish(body),
		end: (body?: unknown) => finish(body),
		on: () => res,
		once: () => res,
	});
	Object.defineProperty(res, 'statusCode', { get: () => response.statusCode, set: (code: number) => (response.statusCode = code) });
	Object.defineProperty(res, 'headersSent', { get: () => response.ended });
	Object.defineProperty(res, 'writableEnded', { get: () => response.ended });
	return { res, response };
}
