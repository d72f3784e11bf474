import { randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { oktaApiRequest, oktaApiRequestAllItems, oktaApiRequestFull, oktaPath } from '../transport';
import { eventFilter, hookName, subscribedEventTypes } from './parameters';
import { type HookKind, type HookRecord, hooksOf, setHooks, sha256Hex, type TriggerStaticData } from './state';

/**
 * The Okta side of the trigger (`webhookMethods.default`): create, verify, check and remove the event hook.
 *
 * n8n calls these with mode 'trigger' when a workflow is activated (and again at startup), and with mode
 * 'manual' when the editor listens for a test event; `delete` runs on deactivation and when listening ends.
 * Production and test hooks are separate records, so listening for a test event on an active workflow never
 * touches its production hook.
 */

const HOOKS_PATH = '/api/v1/eventHooks';
export const MAX_ACTIVE_HOOKS = 25;

function staticData(ctx: IHookFunctions): TriggerStaticData {
	return ctx.getWorkflowStaticData('node') as TriggerStaticData;
}

function kindOf(ctx: IHookFunctions): HookKind {
	return ctx.getMode() === 'manual' ? 'test' : 'production';
}

function webhookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for the trigger');
	return url;
}

function uriOf(hook: IDataObject): string | undefined {
	const config = (hook.channel as IDataObject | undefined)?.config as IDataObject | undefined;
	return typeof config?.uri === 'string' ? config.uri : undefined;
}

/** Deactivates, then deletes (Okta deletes only INACTIVE hooks). A hook that is already gone counts as removed. */
export async function removeHook(ctx: IHookFunctions, hookId: string): Promise<void> {
	const deactivated = await oktaApiRequestFull.call(ctx, 'POST', oktaPath`/api/v1/eventHooks/${hookId}/lifecycle/deactivate`, {
		acceptStatuses: [404],
		repeat: 'safe',
	});
	if (deactivated.statusCode === 404) return;
	await oktaApiRequestFull.call(ctx, 'DELETE', oktaPath`/api/v1/eventHooks/${hookId}`, { acceptStatuses: [404] });
}

/**
 * Hooks in Okta that deliver to `url`. The URL contains this node's own webhook id, so any hook there is one
 * this node made, for example one whose id was lost because n8n stopped between creating it and saving it.
 * Best effort: a failed listing is treated as "none found".
 */
async function hooksAt(ctx: IHookFunctions, url: string): Promise<string[]> {
	try {
		const hooks = await oktaApiRequestAllItems.call(ctx, HOOKS_PATH);
		return hooks.filter((hook) => uriOf(hook) === url && typeof hook.id === 'string').map((hook) => String(hook.id));
	} catch {
		return [];
	}
}

function sameEvents(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((type) => b.includes(type));
}

/** True when the recorded hook still exists, is ACTIVE and VERIFIED, and delivers the wanted events to the current URL. */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const data = staticData(this);
	const kind = kindOf(this);
	const hooks = hooksOf(data);
	const mine = hooks.filter((hook) => hook.kind === kind);
	if (mine.length === 0) return false;
	const url = webhookUrl(this);
	const wanted = subscribedEventTypes(this);
	const keep = hooks.filter((hook) => hook.kind !== kind);
	let exists = false;
	for (const record of mine) {
		if (!exists && record.url === url) {
			const response = await oktaApiRequestFull.call(this, 'GET', oktaPath`/api/v1/eventHooks/${record.id}`, { acceptStatuses: [404] });
			if (response.statusCode === 404) continue;
			const hook = (response.body ?? {}) as IDataObject;
			const items = ((hook.events as IDataObject | undefined)?.items as string[] | undefined) ?? [];
			if (hook.status === 'ACTIVE' && hook.verificationStatus === 'VERIFIED' && uriOf(hook) === url && sameEvents(items, wanted)) {
				keep.push(record);
				exists = true;
				continue;
			}
		}
		// Stale (deactivated in Okta, unverified, another URL or other events): replaced, not left behind.
		await removeHook(this, record.id);
	}
	setHooks(data, keep);
	return exists;
}

function scrub(text: string, secret: string): string {
	return text.split(secret).join('****');
}

function errorText(error: unknown): { message: string; description: string; httpCode?: string } {
	const record = (error ?? {}) as { message?: unknown; description?: unknown; httpCode?: unknown };
	return {
		message: typeof record.message === 'string' ? record.message : String(error),
		description: typeof record.description === 'string' ? record.description : '',
		httpCode: typeof record.httpCode === 'string' ? record.httpCode : undefined,
	};
}

/** Whether Okta, on the internet, obviously cannot reach this URL. */
export function unreachableReason(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `"${url}" is not a valid URL`;
	}
	const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const privateHost =
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host.endsWith('.local') ||
		host.endsWith('.internal') ||
		host === '::1' ||
		/^127\./.test(host) ||
		/^10\./.test(host) ||
		/^192\.168\./.test(host) ||
		/^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
		/^169\.254\./.test(host) ||
		/^0\./.test(host) ||
		/^f[cd][0-9a-f]{2}:/.test(host) ||
		!host.includes('.');
	if (parsed.protocol !== 'https:' && privateHost) return `${url} is neither HTTPS nor public`;
	if (parsed.protocol !== 'https:') return `${url} is not HTTPS`;
	if (privateHost) return `${url} is not a public address`;
	return undefined;
}

const PUBLIC_URL_HELP =
	'Okta calls the trigger from the internet, over HTTPS. Put n8n behind a reverse proxy or tunnel with a public HTTPS address and set WEBHOOK_URL to that address (for example WEBHOOK_URL=https://n8n.example.com/), then activate again.';

function createFailure(ctx: IHookFunctions, error: unknown, url: string, secret: string): NodeOperationError {
	const { message, description, httpCode } = errorText(error);
	const text = `${message} ${description}`;
	let summary: string;
	let help: string;
	if (/maximum|limit/i.test(text) && !/rate limit/i.test(text)) {
		summary = `Okta refused to create the event hook: the org already has its maximum of ${MAX_ACTIVE_HOOKS} event hooks`;
		help =
			'Remove event hooks that are no longer used (Okta Admin Console > Workflow > Event Hooks), or deactivate workflows with an Okta Event Hook Trigger you no longer need, then activate again.';
	} else if (httpCode === '403') {
		summary = 'Okta refused to create the event hook (HTTP 403)';
		help =
			'The credential needs the okta.eventHooks.manage scope, and the admin (or the service app) a role allowed to manage event hooks, such as Super Administrator.';
	} else if (httpCode === '401') {
		summary = 'Okta did not accept the credential';
		help = 'Check the credential: the API token may be revoked or expired, or the domain wrong.';
	} else if (/\buri\b|https|url/i.test(text) || unreachableReason(url) !== undefined) {
		summary = `Okta refused the webhook URL ${url}`;
		help = PUBLIC_URL_HELP;
	} else {
		summary = 'Could not create the Okta event hook';
		help = description;
	}
	return new NodeOperationError(ctx.getNode(), scrub(`${summary}: ${message}`, secret), { description: scrub(help, secret) });
}

function verifyFailure(ctx: IHookFunctions, error: unknown, url: string, secret: string): NodeOperationError {
	const { message } = errorText(error);
	const reason = unreachableReason(url);
	const help = [
		reason ? `${reason}, so Okta cannot reach it.` : undefined,
		PUBLIC_URL_HELP,
		'Okta sends one GET with an x-okta-verification-challenge header to this URL and needs the answer within 3 seconds; a proxy that blocks GET requests, adds authentication or answers slowly makes verification fail.',
		'The half-made hook was removed from Okta.',
	]
		.filter(Boolean)
		.join(' ');
	return new NodeOperationError(ctx.getNode(), scrub(`Okta could not verify the event hook at ${url}: ${message}`, secret), {
		description: scrub(help, secret),
	});
}

/**
 * Creates the hook with a fresh random secret, has Okta verify it, and records it. When verification fails,
 * the hook is deleted again and activation fails with the reason.
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	const data = staticData(this);
	const kind = kindOf(this);
	const url = webhookUrl(this);
	const types = subscribedEventTypes(this);
	const filter = eventFilter(this, types);

	// Anything of this kind still recorded, or still in Okta at this URL, is replaced.
	const stale = hooksOf(data).filter((hook) => hook.kind === kind || hook.url === url);
	const staleIds = new Set([...stale.map((hook) => hook.id), ...(await hooksAt(this, url))]);
	for (const id of staleIds) await removeHook(this, id).catch(() => undefined);
	setHooks(data, hooksOf(data).filter((hook) => !staleIds.has(hook.id)));

	const secret = randomBytes(32).toString('base64url');
	let hook: IDataObject;
	try {
		hook = await oktaApiRequest.call(this, 'POST', HOOKS_PATH, {
			body: {
				name: hookName(this, kind === 'test'),
				description: 'Created by the n8n Okta Event Hook Trigger (n8n-nodes-okta); removed when the workflow is deactivated',
				events: { type: 'EVENT_TYPE', items: types, ...(filter ? { filter } : {}) },
				channel: {
					type: 'HTTP',
					version: '1.0.0',
					config: { uri: url, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: secret } },
				},
			},
		});
	} catch (error) {
		throw createFailure(this, error, url, secret);
	}
	if (typeof hook.id !== 'string' || hook.id === '') {
		throw new NodeOperationError(this.getNode(), 'Okta created the event hook but returned no id');
	}
	const hookId = hook.id;

	try {
		const verified = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/eventHooks/${hookId}/lifecycle/verify`, { repeat: 'safe' });
		if (verified.verificationStatus !== undefined && verified.verificationStatus !== 'VERIFIED') {
			throw new Error(`the hook is ${String(verified.verificationStatus)}`);
		}
	} catch (error) {
		await removeHook(this, hookId).catch(() => undefined);
		throw verifyFailure(this, error, url, secret);
	}

	const record: HookRecord = { id: hookId, url, kind, secretSha256: sha256Hex(secret), events: types, createdAt: Date.now() };
	setHooks(data, [...hooksOf(data).filter((existing) => existing.id !== hookId), record]);
	return true;
}

/** Deactivates and deletes this URL's hooks; tolerates hooks already gone. Other URLs' hooks are left alone. */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = staticData(this);
	const url = webhookUrl(this);
	const hooks = hooksOf(data);
	const recorded = hooks.filter((hook) => hook.url === url).map((hook) => hook.id);
	for (const id of recorded) await removeHook(this, id);
	for (const id of await hooksAt(this, url)) {
		if (!recorded.includes(id)) await removeHook(this, id);
	}
	const rest = hooks.filter((hook) => hook.url !== url);
	setHooks(data, rest);
	return true;
}
