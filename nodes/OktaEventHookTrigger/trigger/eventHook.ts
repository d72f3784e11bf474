import { createHash, randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { oktaApiRequest, oktaApiRequestFull, oktaPath } from '../../OktaDirectory/transport';

/**
 * The Okta side of the trigger: create, verify, check and remove the event hook. Everything the webhook
 * later needs is kept in the node's static data, never in process memory, so queue mode works.
 */

export interface HookStaticData extends IDataObject {
	hookId?: string;
	hookUrl?: string;
	/** SHA-256 of the Authorization value Okta sends; the secret itself is only ever held by Okta. */
	secretHash?: string;
	/** Event uuid -> epoch ms when first seen, for de-duplication. */
	seen?: IDataObject;
}

export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function staticData(ctx: IHookFunctions): HookStaticData {
	return ctx.getWorkflowStaticData('node') as HookStaticData;
}

function webhookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for the trigger');
	return url;
}

export function subscribedEventTypes(ctx: IHookFunctions): string[] {
	const chosen = ctx.getNodeParameter('events', []) as string[];
	const custom = String(ctx.getNodeParameter('customEvents', '') ?? '')
		.split(/[\s,]+/)
		.map((type) => type.trim())
		.filter(Boolean);
	const all = [...new Set([...chosen, ...custom])];
	if (all.length === 0) throw new NodeOperationError(ctx.getNode(), 'Choose at least one event type (Events or Custom Event Types)');
	const malformed = all.find((type) => !/^[a-z0-9_]+(\.[a-z0-9_]+)+$/i.test(type));
	if (malformed) throw new NodeOperationError(ctx.getNode(), `Custom Event Types: "${malformed}" is not an Okta event type such as user.lifecycle.create`);
	return all;
}

function eventFilter(ctx: IHookFunctions, types: string[]): IDataObject | undefined {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const filters = ((options.eventFilters as IDataObject | undefined)?.filter as Array<{ eventType?: string; expression?: string }>) ?? [];
	const map = filters
		.filter((entry) => entry.eventType && entry.expression?.trim())
		.map((entry) => {
			if (!types.includes(String(entry.eventType))) {
				throw new NodeOperationError(ctx.getNode(), `Event Filters: "${entry.eventType}" is not one of the subscribed event types`);
			}
			return { event: entry.eventType, condition: { expression: entry.expression!.trim() } };
		});
	return map.length ? { type: 'EXPRESSION_LANGUAGE', eventFilterMap: map } : undefined;
}

function hookName(ctx: IHookFunctions): string {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const custom = typeof options.hookName === 'string' ? options.hookName.trim() : '';
	if (custom) return custom;
	const workflow = ctx.getWorkflow();
	return `n8n: ${workflow.name ?? 'workflow'} (${workflow.id ?? 'unsaved'})`.slice(0, 255);
}

/** Deactivates, then deletes; a hook that is already gone counts as removed. */
export async function removeHook(ctx: IHookFunctions, hookId: string): Promise<void> {
	const deactivated = await oktaApiRequestFull.call(ctx, 'POST', oktaPath`/api/v1/eventHooks/${hookId}/lifecycle/deactivate`, {
		acceptStatuses: [404],
		idempotent: true,
	});
	if (deactivated.statusCode === 404) return;
	await oktaApiRequestFull.call(ctx, 'DELETE', oktaPath`/api/v1/eventHooks/${hookId}`, { acceptStatuses: [404] });
}

function forget(data: HookStaticData): void {
	delete data.hookId;
	delete data.hookUrl;
	delete data.secretHash;
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const data = staticData(this);
	if (!data.hookId) return false;
	const response = await oktaApiRequestFull.call(this, 'GET', oktaPath`/api/v1/eventHooks/${data.hookId}`, { acceptStatuses: [404] });
	if (response.statusCode === 404) {
		forget(data);
		return false;
	}
	const hook = response.body as IDataObject;
	const config = ((hook.channel as IDataObject | undefined)?.config as IDataObject | undefined) ?? {};
	const items = ((hook.events as IDataObject | undefined)?.items as string[] | undefined) ?? [];
	const wanted = subscribedEventTypes(this);
	const current =
		hook.status === 'ACTIVE' &&
		hook.verificationStatus === 'VERIFIED' &&
		config.uri === webhookUrl(this) &&
		wanted.length === items.length &&
		wanted.every((type) => items.includes(type));
	if (current) return true;
	// A stale hook (deactivated in Okta, another URL, other events) is replaced rather than left behind.
	await removeHook(this, data.hookId);
	forget(data);
	return false;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const data = staticData(this);
	const types = subscribedEventTypes(this);
	const uri = webhookUrl(this);
	const secret = randomBytes(32).toString('base64url');
	const filter = eventFilter(this, types);
	const hook = await oktaApiRequest.call(this, 'POST', '/api/v1/eventHooks', {
		body: {
			name: hookName(this),
			description: 'Created by n8n (n8n-nodes-okta); removed when the workflow is deactivated',
			events: { type: 'EVENT_TYPE', items: types, ...(filter ? { filter } : {}) },
			channel: {
				type: 'HTTP',
				version: '1.0.0',
				config: { uri, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: secret } },
			},
		},
	});
	const hookId = String(hook.id);
	data.hookId = hookId;
	data.hookUrl = uri;
	data.secretHash = hashSecret(secret);
	try {
		await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/eventHooks/${hookId}/lifecycle/verify`);
	} catch (error) {
		await removeHook(this, hookId).catch(() => undefined);
		forget(data);
		throw new NodeOperationError(this.getNode(), `Okta could not verify the event hook at ${uri}: ${(error as Error).message}`, {
			description:
				'Okta must reach this URL over public HTTPS and get the verification answer within 3 seconds. Set WEBHOOK_URL to the public HTTPS address of n8n (behind a reverse proxy or tunnel). The half-made hook was removed. If the org already has 25 event hooks, remove unused ones in Workflow > Event Hooks.',
		});
	}
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = staticData(this);
	if (data.hookId) await removeHook(this, data.hookId);
	forget(data);
	delete data.seen;
	return true;
}
