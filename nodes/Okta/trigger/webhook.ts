import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readOptions } from './parameters';
import { claimEventsInProcess, hookForSecret, type HookKind, type TriggerStaticData } from './state';

/**
 * The n8n side of the trigger: answer Okta's one-time verification GET, and turn authenticated deliveries
 * into items. Both run per request from the hooks in static data (de-duplication is in memory, see
 * claimEventsInProcess), and answer at once (Okta waits 3 seconds).
 */

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** An Okta delivery is about 8 levels deep; 32 leaves room for nested debugData. */
export const MAX_DEPTH = 32;
const MAX_CHALLENGE_LENGTH = 1024;

function reply(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

function header(ctx: IWebhookFunctions, name: string): string | undefined {
	const value = ctx.getHeaderData()[name];
	if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
	return typeof value === 'string' ? value : undefined;
}

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** Iterative, so a hostile body cannot exhaust the stack. */
export function depthExceeds(value: unknown, limit: number): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length) {
		const [node, depth] = stack.pop()!;
		if (node === null || typeof node !== 'object') continue;
		if (depth >= limit) return true;
		for (const child of Object.values(node as object)) {
			if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
		}
	}
	return false;
}

/** GET: Okta's verification challenge. It carries no event, so it never starts the workflow. */
export function verificationChallenge(this: IWebhookFunctions): IWebhookResponseData {
	const challenge = header(this, 'x-okta-verification-challenge');
	if (!challenge || challenge.length > MAX_CHALLENGE_LENGTH || /[\x00-\x1f\x7f]/.test(challenge)) {
		return reply(this, 400, { error: 'Missing or invalid x-okta-verification-challenge header' });
	}
	// The Authorization header is not checked here: while n8n activates the workflow, the new hook's secret
	// is not saved yet, and answering a challenge discloses nothing and starts nothing.
	return reply(this, 200, { verification: challenge });
}

/** POST: an event delivery. */
export function delivery(this: IWebhookFunctions): IWebhookResponseData {
	const data = this.getWorkflowStaticData('node') as TriggerStaticData;
	// n8n runs a test URL's webhook in mode 'manual' and a production URL's in 'webhook'. A secret is valid
	// only on its own hook's path, so a test hook's delivery can never stand in for a production one.
	const pathKind: HookKind = this.getMode() === 'manual' ? 'test' : 'production';
	const hook = hookForSecret(data, header(this, 'authorization'));
	if (!hook || hook.kind !== pathKind) return reply(this, 401, { error: 'Unauthorized' });

	const declaredLength = Number(header(this, 'content-length') ?? 0);
	const rawBody = (this.getRequestObject() as { rawBody?: unknown }).rawBody;
	const rawLength = Buffer.isBuffer(rawBody) ? rawBody.length : 0;
	if (declaredLength > MAX_BODY_BYTES || rawLength > MAX_BODY_BYTES) {
		return reply(this, 413, { error: `Payload too large (limit ${MAX_BODY_BYTES} bytes)` });
	}
	const contentType = header(this, 'content-type');
	if (contentType !== undefined && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim())) {
		return reply(this, 415, { error: 'Expected application/json' });
	}

	let items: INodeExecutionData[];
	let received: number;
	let duplicates = 0;
	try {
		const body: unknown = this.getBodyData();
		if (!isPlainObject(body)) return reply(this, 400, { error: 'Expected a JSON object' });
		if (depthExceeds(body, MAX_DEPTH)) return reply(this, 400, { error: `Payload nested deeper than ${MAX_DEPTH} levels` });
		const envelope = isPlainObject(body.data) ? body.data : undefined;
		const events = envelope?.events;
		if (!Array.isArray(events) || !events.every(isPlainObject)) {
			return reply(this, 400, { error: 'Not an Okta event hook delivery: expected data.events to be a list of events' });
		}
		received = events.length;
		const options = readOptions(this);
		let fresh = events as IDataObject[];
		if (options.deduplicate) ({ fresh, duplicates } = claimEventsInProcess(hook.id, fresh, Date.now()));
		if (fresh.length === 0) return reply(this, 200, { received, duplicates });
		items =
			options.outputMode === 'delivery'
				? [{ json: { ...body, data: { ...envelope, events: fresh } } }]
				: fresh.map((event) => ({ json: event }));
	} catch {
		return reply(this, 400, { error: 'Could not read the delivery' });
	}
	return { workflowData: [items] };
}
