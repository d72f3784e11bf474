import { randomBytes, randomUUID } from 'node:crypto';

import type { SandboxEvent, SandboxEventHook, SandboxState } from './context';
import type { SystemLogWriter } from './routes/logs';

/**
 * Event-hook delivery as Okta does it: one GET challenge to verify a hook, then POSTs of batched LogEvents
 * to every verified, active hook subscribed to the event type, with the hook's auth header. A delivery
 * that times out or answers 5xx is retried once. Delivery is at least once: duplicates can be forced.
 */

export interface DeliveryAttempt {
	hookId: string;
	uri: string;
	eventIds: string[];
	status: number | 'timeout' | 'error';
	attempt: number;
}

export interface EventDelivery {
	emit(event: SandboxEvent): void;
	flush(): Promise<void>;
	forceDuplicateDelivery(on: boolean): void;
	verify(hook: SandboxEventHook): Promise<{ ok: true } | { ok: false; reason: string }>;
	/**
	 * Sends `body` as-is to the hook's URI with the hook's own headers and secret, as a misbehaving (or spoofed
	 * but correctly authenticated) delivery would arrive: for testing what the receiver does with odd bodies
	 * without the test ever holding the secret.
	 */
	sendRaw(hook: SandboxEventHook, body: string, contentType: string): Promise<{ status: number | 'timeout' | 'error'; body: string }>;
	/** Sends the last delivery again, byte for byte: a redelivery long after the first, as Okta may make. */
	replayLast(): Promise<DeliveryAttempt | undefined>;
	/** Every POST attempt, for tests. */
	attempts: DeliveryAttempt[];
	close(): void;
}

/** Okta only calls https URIs; the sandbox also allows plain http on loopback, where tests and n8n listen. */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?([/?#]|$)/i;

export function hookUriAllowed(uri: string): boolean {
	return /^https:\/\//i.test(uri) || LOOPBACK.test(uri);
}

function hookHeaders(hook: SandboxEventHook): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const header of hook.channel.config.headers ?? []) headers[header.key] = header.value;
	const auth = hook.channel.config.authScheme;
	if (auth?.key) headers[auth.key] = auth.value;
	return headers;
}

export function toLogEvent(event: SandboxEvent, published: string): Record<string, unknown> {
	const origin = event.origin;
	return {
		uuid: randomUUID(),
		published,
		eventType: event.eventType,
		version: '0',
		displayMessage: event.displayMessage,
		severity: 'INFO',
		client: {
			userAgent: { rawUserAgent: origin?.userAgent || 'okta-sandbox', os: 'Unknown', browser: 'UNKNOWN' },
			zone: 'null',
			device: 'Unknown',
			id: null,
			ipAddress: origin?.ipAddress ?? '127.0.0.1',
			geographicalContext: null,
		},
		device: null,
		actor: { ...(origin?.actor ?? { id: '00u000000000000admin', type: 'User', alternateId: 'admin@okta-sandbox.local', displayName: 'Okta Sandbox Admin' }), detailEntry: null },
		outcome: event.outcome ?? { result: 'SUCCESS', reason: null },
		target: event.target.map((target) => ({ detailEntry: null, alternateId: null, displayName: null, ...target })),
		transaction: { type: 'WEB', id: origin?.requestId ?? randomUUID().replace(/-/g, '').slice(0, 27), detail: {} },
		debugContext: { debugData: { requestId: origin?.requestId ?? null, requestUri: origin?.requestUri ?? '/api/v1', url: origin?.requestUri ?? '/api/v1' } },
		legacyEventType: null,
		authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, externalSessionId: 'trs-sandbox' },
		securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
		request: { ipChain: [{ ip: origin?.ipAddress ?? '127.0.0.1', geographicalContext: null, version: 'V4', source: null }] },
	};
}

/** The headers Okta puts on every hook request (verification GET and delivery POST), before the hook's own. */
function oktaHeaders(): Record<string, string> {
	return { accept: 'application/json', 'user-agent': 'Okta-Integrations', 'x-okta-request-id': randomBytes(20).toString('base64url').slice(0, 27) };
}

async function send(uri: string, init: RequestInit, timeoutMs: number): Promise<Response> {
	return await fetch(uri, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
}

export function createEventDelivery(opts: { state: SandboxState; source: () => string; batchWindowMs?: number; timeoutMs?: number; systemLog?: SystemLogWriter }): EventDelivery {
	const batchWindowMs = opts.batchWindowMs ?? 50;
	const timeoutMs = opts.timeoutMs ?? 3000;
	const queue = new Map<string, Array<Record<string, unknown>>>();
	const inFlight = new Set<Promise<void>>();
	const attempts: DeliveryAttempt[] = [];
	let timer: NodeJS.Timeout | undefined;
	let duplicates = false;
	let last: { hook: SandboxEventHook; body: string; eventIds: string[] } | undefined;
	let closed = false;

	function envelopeFor(hook: SandboxEventHook, events: Array<Record<string, unknown>>): string {
		return JSON.stringify({
			eventType: 'com.okta.event_hook',
			eventTypeVersion: '1.0',
			cloudEventsVersion: '0.1',
			source: `${opts.source()}/api/v1/eventHooks/${hook.id}`,
			eventId: randomUUID(),
			eventTime: new Date().toISOString(),
			contentType: 'application/json',
			data: { events },
		});
	}

	async function post(hook: SandboxEventHook, body: string, eventIds: string[]): Promise<void> {
		for (let attempt = 1; attempt <= 2; attempt++) {
			let status: DeliveryAttempt['status'];
			try {
				const response = await send(hook.channel.config.uri, { method: 'POST', headers: { ...oktaHeaders(), 'content-type': 'application/json', ...hookHeaders(hook) }, body }, timeoutMs);
				status = response.status;
				await response.arrayBuffer().catch(() => undefined);
			} catch (error) {
				status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'error';
			}
			attempts.push({ hookId: hook.id, uri: hook.channel.config.uri, eventIds, status, attempt });
			// Okta retries once after a timeout, a connection error or a 5xx; a 2xx, 3xx or 4xx ends the delivery.
			if (typeof status === 'number' && status < 500) return;
		}
	}

	function track(promise: Promise<void>): void {
		inFlight.add(promise);
		void promise.finally(() => inFlight.delete(promise));
	}

	function drain(): void {
		timer = undefined;
		for (const [hookId, events] of queue) {
			queue.delete(hookId);
			const hook = opts.state.eventHooks.get(hookId);
			if (!hook) continue;
			const body = envelopeFor(hook, events);
			const eventIds = events.map((event) => String(event.uuid));
			last = { hook, body, eventIds };
			track(post(hook, body, eventIds));
			// At-least-once delivery, made visible: the very same request (same envelope and event uuids) again.
			if (duplicates) track(post(hook, body, eventIds));
		}
	}

	return {
		attempts,
		emit(event) {
			if (closed) return;
			// One LogEvent (one uuid) however many hooks receive it, and the same one in the System Log, as in Okta.
			const logEvent = toLogEvent(event, new Date().toISOString());
			opts.systemLog?.append(logEvent);
			const subscribed = [...opts.state.eventHooks.values()].filter((hook) => hook.status === 'ACTIVE' && hook.verificationStatus === 'VERIFIED' && hook.events.items.includes(event.eventType));
			if (subscribed.length === 0) return;
			for (const hook of subscribed) {
				const batch = queue.get(hook.id) ?? [];
				batch.push(logEvent);
				queue.set(hook.id, batch);
			}
			if (!timer) timer = setTimeout(drain, batchWindowMs);
		},
		async flush() {
			if (timer) {
				clearTimeout(timer);
				drain();
			}
			while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
		},
		forceDuplicateDelivery(on) {
			duplicates = on;
		},
		async replayLast() {
			if (!last) return undefined;
			await post(last.hook, last.body, last.eventIds);
			return attempts.at(-1);
		},
		async sendRaw(hook, body, contentType) {
			try {
				const response = await send(hook.channel.config.uri, { method: 'POST', headers: { ...oktaHeaders(), 'content-type': contentType, ...hookHeaders(hook) }, body }, timeoutMs);
				return { status: response.status, body: (await response.text()).slice(0, 2000) };
			} catch (error) {
				return { status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'error', body: '' };
			}
		},
		async verify(hook) {
			const challenge = randomUUID();
			let lastReason = 'no answer';
			for (let attempt = 1; attempt <= 2; attempt++) {
				try {
					const response = await send(hook.channel.config.uri, { method: 'GET', headers: { ...oktaHeaders(), 'x-okta-verification-challenge': challenge, ...hookHeaders(hook) } }, timeoutMs);
					const text = await response.text();
					if (response.status !== 200) {
						lastReason = `the endpoint answered HTTP ${response.status}`;
					} else {
						let body: { verification?: unknown } | undefined;
						try {
							body = JSON.parse(text) as { verification?: unknown };
						} catch {
							body = undefined;
						}
						if (body?.verification === challenge) return { ok: true };
						lastReason = 'the endpoint did not echo the verification challenge';
						return { ok: false, reason: lastReason };
					}
				} catch (error) {
					lastReason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `could not connect (${(error as Error).message})`;
				}
			}
			return { ok: false, reason: lastReason };
		},
		close() {
			closed = true;
			if (timer) clearTimeout(timer);
			queue.clear();
		},
	};
}
