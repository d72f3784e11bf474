import { createHash, timingSafeEqual } from 'node:crypto';
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { HookStaticData } from './eventHook';

/**
 * The n8n side of the trigger: answer Okta's one-time verification GET, and turn authenticated deliveries
 * into items. Everything here runs per request from static data, so any webhook process can serve it.
 */

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MAX_DEPTH = 32;
const DEDUPE_MAX_ENTRIES = 1000;
const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_CHALLENGE_LENGTH = 512;

function reply(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

function header(ctx: IWebhookFunctions, name: string): string | undefined {
	const value = ctx.getHeaderData()[name];
	return Array.isArray(value) ? value[0] : typeof value === 'string' ? value : undefined;
}

/** Constant-time check of the Authorization header against the stored hash (equal lengths by construction). */
export function authorized(ctx: IWebhookFunctions, data: HookStaticData): boolean {
	const presented = header(ctx, 'authorization');
	if (!data.secretHash || presented === undefined) return false;
	const expected = Buffer.from(data.secretHash, 'hex');
	const actual = createHash('sha256').update(presented, 'utf8').digest();
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function depthExceeds(value: unknown, limit: number): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length) {
		const [node, depth] = stack.pop()!;
		if (node === null || typeof node !== 'object') continue;
		if (depth >= limit) return true;
		for (const child of Object.values(node as object)) stack.push([child, depth + 1]);
	}
	return false;
}

export function verificationChallenge(this: IWebhookFunctions): IWebhookResponseData {
	const data = this.getWorkflowStaticData('node') as HookStaticData;
	const challenge = header(this, 'x-okta-verification-challenge');
	if (!challenge || challenge.length > MAX_CHALLENGE_LENGTH) {
		return reply(this, 400, { error: 'Missing or invalid x-okta-verification-challenge header' });
	}
	// During activation n8n has not saved the new secret yet, so the header can only be checked afterwards.
	if (data.secretHash && header(this, 'authorization') !== undefined && !authorized(this, data)) {
		return reply(this, 401, { error: 'Unauthorized' });
	}
	return reply(this, 200, { verification: challenge });
}

function dedupe(data: HookStaticData, events: IDataObject[], now: number): IDataObject[] {
	const seen: IDataObject = { ...(data.seen ?? {}) };
	for (const [uuid, at] of Object.entries(seen)) if (now - Number(at) > DEDUPE_WINDOW_MS) delete seen[uuid];
	const fresh = events.filter((event) => {
		const uuid = typeof event.uuid === 'string' ? event.uuid : undefined;
		if (!uuid) return true;
		if (seen[uuid] !== undefined) return false;
		seen[uuid] = now;
		return true;
	});
	const entries = Object.entries(seen).sort(([, a], [, b]) => Number(a) - Number(b));
	data.seen = Object.fromEntries(entries.slice(Math.max(0, entries.length - DEDUPE_MAX_ENTRIES)));
	return fresh;
}

export function delivery(this: IWebhookFunctions): IWebhookResponseData {
	const data = this.getWorkflowStaticData('node') as HookStaticData;
	if (!authorized(this, data)) return reply(this, 401, { error: 'Unauthorized' });
	const length = Number(header(this, 'content-length') ?? 0);
	if (length > MAX_BODY_BYTES) return reply(this, 413, { error: 'Payload too large' });
	const body = this.getBodyData() as IDataObject;
	if (depthExceeds(body, MAX_DEPTH)) return reply(this, 400, { error: 'Payload nested too deeply' });
	const events = (body?.data as IDataObject | undefined)?.events;
	if (!Array.isArray(events) || events.some((event) => event === null || typeof event !== 'object' || Array.isArray(event))) {
		return reply(this, 400, { error: 'Not an Okta event hook delivery: expected data.events to be a list of events' });
	}
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const fresh = options.deduplicate === false ? (events as IDataObject[]) : dedupe(data, events as IDataObject[], Date.now());
	if (fresh.length === 0) return reply(this, 200, { received: events.length, duplicates: events.length });

	let items: INodeExecutionData[];
	if (options.outputMode === 'delivery') {
		items = [{ json: { ...body, data: { ...(body.data as IDataObject), events: fresh } } }];
	} else {
		const deliveryInfo = { eventId: body.eventId, eventTime: body.eventTime, source: body.source };
		items = fresh.map((event) => ({ json: { ...event, delivery: deliveryInfo } }));
	}
	return { workflowData: [items] };
}
