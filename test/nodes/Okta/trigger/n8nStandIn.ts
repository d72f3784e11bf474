import express, { type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { runWebhook, type TestCredential } from '../../../helpers/n8n';

/**
 * A stand-in for n8n's webhook server, on 127.0.0.1, that the Okta sandbox can call. Like n8n, it parses the
 * body (JSON up to 16 MB, N8N_PAYLOAD_SIZE_MAX's default), keeps the raw body, routes GET to the 'setup'
 * webhook and POST to 'default' under /webhook (production) and /webhook-test (listening for a test event),
 * runs the node's webhook() through n8n-core's WebhookContext with the shared static data, writes back what
 * the node answered, and answers 200 "Workflow was started" when it returned items (responseMode onReceived).
 */

export interface StandInRequest {
	method: string;
	path: string;
	status: number;
	started: boolean;
}

export interface N8nStandIn {
	/** Base URLs as n8n computes them from WEBHOOK_URL: production and test. */
	productionBase: string;
	testBase: string;
	/** The items of every execution the trigger started, in order. */
	executions: INodeExecutionData[][];
	requests: StandInRequest[];
	/** Makes the verification GET answer wrongly (as a misconfigured proxy would). */
	answerChallengeWrongly: boolean;
	close(): Promise<void>;
}

export async function startN8nStandIn(opts: {
	node: INodeType;
	parameters: () => INodeParameters;
	credentials: () => TestCredential;
	staticData: () => IDataObject;
}): Promise<N8nStandIn> {
	const app = express();
	const keepRaw = (req: Request, _res: Response, buffer: Buffer) => {
		(req as Request & { rawBody?: Buffer }).rawBody = buffer;
	};
	app.use(express.json({ limit: '16mb', verify: keepRaw }));
	app.use(express.raw({ type: () => true, limit: '16mb', verify: keepRaw }));
	const standIn: N8nStandIn = {
		productionBase: '',
		testBase: '',
		executions: [],
		requests: [],
		answerChallengeWrongly: false,
		close: async () => undefined,
	};

	const handle = async (req: Request, res: Response) => {
		const entry: StandInRequest = { method: req.method, path: req.path, status: 0, started: false };
		standIn.requests.push(entry);
		if (req.method !== 'GET' && req.method !== 'POST') {
			entry.status = 404;
			res.status(404).json({ message: 'The requested webhook is not registered' });
			return;
		}
		if (standIn.answerChallengeWrongly && req.method === 'GET') {
			entry.status = 200;
			res.json({ verification: 'not-the-challenge' });
			return;
		}
		const rawBody = (req as Request & { rawBody?: Buffer }).rawBody;
		const body = Buffer.isBuffer(req.body) ? {} : (req.body as unknown);
		const result = await runWebhook({
			node: opts.node,
			parameters: opts.parameters(),
			credentials: opts.credentials(),
			staticData: opts.staticData(),
			webhookName: req.method === 'GET' ? 'setup' : 'default',
			// n8n runs a test URL's webhook in mode 'manual' (test-webhooks.js) and a production one in 'webhook' (live-webhooks.js).
			mode: req.path.startsWith('/webhook-test/') ? 'manual' : 'webhook',
			request: { method: req.method, headers: req.headers as Record<string, string>, body, rawBody: rawBody ?? Buffer.alloc(0) },
		});
		if (result.workflowData) {
			entry.started = true;
			standIn.executions.push(result.workflowData[0]);
		}
		if (result.response.ended) {
			entry.status = result.response.statusCode;
			res.status(result.response.statusCode).json(result.response.body);
		} else {
			entry.status = 200;
			res.status(200).json({ message: 'Workflow was started' });
		}
	};
	app.all('/webhook/:webhookId/okta-events', handle);
	app.all('/webhook-test/:webhookId/okta-events', handle);
	app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: unknown) => {
		res.status(error.status ?? 400).json({ message: error.message });
	});

	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	standIn.productionBase = `${base}/webhook`;
	standIn.testBase = `${base}/webhook-test`;
	standIn.close = async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	};
	return standIn;
}

/** The URL n8n gives the trigger for a base (the test harness's node has webhookId 'okta-test-webhook'). */
export const hookUrlFor = (base: string) => `${base}/okta-test-webhook/okta-events`;
