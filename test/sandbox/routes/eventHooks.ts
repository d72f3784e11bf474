import type { Router } from 'express';

import { newId, notFound, now, sendError, validationFailed, type Json, type SandboxContext, type SandboxEventHook } from '../context';
import { hookUriAllowed, type EventDelivery } from '../delivery';

export const MAX_ACTIVE_HOOKS = 25;
/**
 * The shape of an Okta event type ("user.lifecycle.create"). Okta also refuses types that are not tagged
 * event-hook-eligible; the sandbox does not, because its copy of that list ages while Okta keeps adding types
 * (see README "Not modelled").
 */
const EVENT_TYPE = /^[A-Za-z][\w-]*(\.[\w-]+)+$/;

/** Okta never returns `authScheme.value`: it is write-only. */
function hookJson(ctx: SandboxContext, hook: SandboxEventHook): Json {
	const { authScheme, ...config } = hook.channel.config;
	const base = `${ctx.baseUrl()}/api/v1/eventHooks/${hook.id}`;
	return {
		...hook,
		channel: { ...hook.channel, config: { ...config, method: 'POST', ...(authScheme ? { authScheme: { type: authScheme.type, key: authScheme.key } } : {}) } },
		_links: { self: { href: base }, verify: { href: `${base}/lifecycle/verify` }, deactivate: { href: `${base}/lifecycle/deactivate` } },
	};
}

function readHook(body: unknown): { hook?: Pick<SandboxEventHook, 'name' | 'description' | 'events' | 'channel'>; causes: string[] } {
	const input = (body ?? {}) as Json;
	const causes: string[] = [];
	const events = input.events as SandboxEventHook['events'] | undefined;
	const channel = input.channel as SandboxEventHook['channel'] | undefined;
	if (typeof input.name !== 'string' || !input.name.trim()) causes.push('name: The field cannot be left blank');
	if (!events || events.type !== 'EVENT_TYPE' || !Array.isArray(events.items) || events.items.length === 0) {
		causes.push('events: At least one event type is required');
	} else {
		for (const type of events.items) if (!EVENT_TYPE.test(String(type))) causes.push(`events.items: ${String(type)} is not a valid event type`);
	}
	if (!channel || channel.type !== 'HTTP' || !channel.config?.uri) causes.push('channel.config.uri: The field cannot be left blank');
	else if (!hookUriAllowed(channel.config.uri)) causes.push('channel.config.uri: The URI must use HTTPS');
	if (causes.length) return { causes };
	return { hook: { name: String(input.name), description: (input.description as string | undefined) ?? null, events: events!, channel: channel! }, causes };
}

export function register(router: Router, ctx: SandboxContext, delivery: EventDelivery): void {
	const find = (id: string) => ctx.state.eventHooks.get(id);

	router.get('/api/v1/eventHooks', (_req, res) => {
		res.json([...ctx.state.eventHooks.values()].map((hook) => hookJson(ctx, hook)));
	});

	router.post('/api/v1/eventHooks', (req, res) => {
		const { hook, causes } = readHook(req.body);
		if (!hook) return validationFailed(res, 'eventHook', causes);
		const active = [...ctx.state.eventHooks.values()].filter((existing) => existing.status === 'ACTIVE').length;
		if (active >= MAX_ACTIVE_HOOKS) {
			return validationFailed(res, 'eventHook', [`Your org already has the maximum of ${MAX_ACTIVE_HOOKS} active event hooks`]);
		}
		const stamp = now();
		const created: SandboxEventHook = {
			id: newId('who'),
			status: 'ACTIVE',
			verificationStatus: 'UNVERIFIED',
			created: stamp,
			lastUpdated: stamp,
			createdBy: '00u000000000000admin',
			...hook,
		};
		ctx.state.eventHooks.set(created.id, created);
		res.json(hookJson(ctx, created));
	});

	router.get('/api/v1/eventHooks/:eventHookId', (req, res) => {
		const hook = find(req.params.eventHookId);
		if (!hook) return notFound(res, 'EventHook', req.params.eventHookId);
		res.json(hookJson(ctx, hook));
	});

	router.put('/api/v1/eventHooks/:eventHookId', (req, res) => {
		const hook = find(req.params.eventHookId);
		if (!hook) return notFound(res, 'EventHook', req.params.eventHookId);
		const { hook: update, causes } = readHook(req.body);
		if (!update) return validationFailed(res, 'eventHook', causes);
		const uriChanged = update.channel.config.uri !== hook.channel.config.uri;
		Object.assign(hook, update, { lastUpdated: now() });
		if (uriChanged) hook.verificationStatus = 'UNVERIFIED';
		res.json(hookJson(ctx, hook));
	});

	router.post('/api/v1/eventHooks/:eventHookId/lifecycle/:action', async (req, res) => {
		const hook = find(req.params.eventHookId);
		if (!hook) return notFound(res, 'EventHook', req.params.eventHookId);
		switch (req.params.action) {
			case 'activate':
				hook.status = 'ACTIVE';
				break;
			case 'deactivate':
				hook.status = 'INACTIVE';
				break;
			case 'verify': {
				if (hook.status !== 'ACTIVE') return sendError(res, 400, 'E0000001', 'Api validation failed: Only active event hooks can be verified');
				const result = await delivery.verify(hook);
				if (!result.ok) {
					// Okta's answer (support article "Unable to verify event hook"), with the sandbox's reason appended.
					return sendError(res, 400, 'E0000001', 'Api validation failed: eventHook', [`Unable to verify event hook. Hook ${hook.name} execution failed: ${result.reason}`]);
				}
				hook.verificationStatus = 'VERIFIED';
				break;
			}
			default:
				return notFound(res, 'EventHook lifecycle action', req.params.action);
		}
		hook.lastUpdated = now();
		res.json(hookJson(ctx, hook));
	});

	router.delete('/api/v1/eventHooks/:eventHookId', (req, res) => {
		const hook = find(req.params.eventHookId);
		if (!hook) return notFound(res, 'EventHook', req.params.eventHookId);
		if (hook.status !== 'INACTIVE') return validationFailed(res, 'eventHook', ['status: Only INACTIVE event hooks can be deleted; deactivate it first']);
		ctx.state.eventHooks.delete(hook.id);
		res.status(204).end();
	});
}
