import { sleep } from 'n8n-workflow';

import { headerValue } from '../shared/errors';

/**
 * Okta's rate limits are per org and per endpoint family (and a concurrency limit across all). One
 * governor per org+family remembers the last `X-Rate-Limit-*` headers, so that concurrent requests slow
 * down before the bucket is empty rather than after a 429.
 */

export type EndpointFamily = 'users' | 'userById' | 'userWrites' | 'groups' | 'devices' | 'logs' | 'other';

export interface RateLimitSnapshot {
	limit: number;
	remaining: number;
	/** Epoch milliseconds when the window resets. */
	resetAt: number;
}

export const RATE_LIMIT_DEFAULTS = {
	maxRetries: 6,
	/** Never retry sooner than this, even when the reset header says "now" (clock skew). */
	minWaitMs: 250,
	/** Okta windows are one minute; a reset further out than this is not worth blocking a workflow on. */
	maxWaitMs: 65_000,
	/** Added to the reset time, because Okta's reset is rounded down to the second. */
	resetMarginMs: 250,
};

export function endpointFamily(method: string, path: string): EndpointFamily {
	const clean = path.split('?')[0].replace(/\/+$/, '');
	if (/^\/api\/v1\/users$/.test(clean)) return 'users';
	if (/^\/api\/v1\/users\/[^/]+/.test(clean)) {
		return method.toUpperCase() === 'GET' && /^\/api\/v1\/users\/[^/]+$/.test(clean) ? 'userById' : 'userWrites';
	}
	if (/^\/api\/v1\/groups(\/|$)/.test(clean)) return 'groups';
	if (/^\/api\/v1\/devices(\/|$)/.test(clean)) return 'devices';
	if (clean === '/api/v1/logs') return 'logs';
	return 'other';
}

export function parseRateLimitHeaders(headers: Parameters<typeof headerValue>[0]): RateLimitSnapshot | undefined {
	const limit = Number(headerValue(headers, 'x-rate-limit-limit'));
	const remaining = Number(headerValue(headers, 'x-rate-limit-remaining'));
	const reset = Number(headerValue(headers, 'x-rate-limit-reset'));
	if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
	if (headerValue(headers, 'x-rate-limit-limit') === undefined) return undefined;
	return { limit, remaining, resetAt: reset * 1000 };
}

/** How long to wait before retrying a 429: until the window resets, within [minWaitMs, maxWaitMs]. */
export function rateLimitWaitMs(
	snapshot: RateLimitSnapshot | undefined,
	attempt: number,
	now = Date.now(),
	limits = RATE_LIMIT_DEFAULTS,
): number {
	const fallback = Math.min(limits.maxWaitMs, 1000 * 2 ** attempt);
	const untilReset = snapshot ? snapshot.resetAt - now + limits.resetMarginMs : fallback;
	return Math.max(limits.minWaitMs, Math.min(limits.maxWaitMs, untilReset));
}

export class RateLimitGovernor {
	private snapshot: RateLimitSnapshot | undefined;
	private inFlight = 0;
	private waiting: Array<() => void> = [];

	/**
	 * Waits while the known remaining budget is already claimed by requests in flight. Those requests may
	 * already be counted in `remaining`, so while any are in flight the wait ends at the next response (with a
	 * fresher count) rather than at the window's reset: that way the last requests of a window are not left
	 * unused. With nothing in flight and nothing remaining, it waits for the reset.
	 */
	async acquire(now: () => number = Date.now): Promise<void> {
		for (;;) {
			const snapshot = this.snapshot;
			const exhausted =
				snapshot !== undefined && snapshot.resetAt > now() && snapshot.remaining - this.inFlight <= 0;
			if (!exhausted) break;
			if (this.inFlight > 0) {
				await new Promise<void>((resolve) => this.waiting.push(resolve));
				continue;
			}
			await sleep(rateLimitWaitMs(snapshot, 0, now()));
			if (this.snapshot === snapshot && snapshot.resetAt <= now()) this.snapshot = undefined;
		}
		this.inFlight++;
	}

	release(observed?: RateLimitSnapshot): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (observed) this.observe(observed);
		const waiting = this.waiting;
		this.waiting = [];
		for (const wake of waiting) wake();
	}

	observe(observed: RateLimitSnapshot): void {
		const current = this.snapshot;
		// Responses arrive out of order: a later window replaces the snapshot, within the same window the lowest
		// remaining wins, and a late answer from an earlier window changes nothing.
		const laterWindow = !current || observed.resetAt > current.resetAt;
		const sameWindowLower = current !== undefined && observed.resetAt === current.resetAt && observed.remaining < current.remaining;
		if (laterWindow || sameWindowLower) this.snapshot = observed;
	}

	get state(): { snapshot?: RateLimitSnapshot; inFlight: number; waiting: number } {
		return { snapshot: this.snapshot, inFlight: this.inFlight, waiting: this.waiting.length };
	}
}

const governors = new Map<string, RateLimitGovernor>();

export function governorFor(baseUrl: string, family: EndpointFamily): RateLimitGovernor {
	const key = `${baseUrl}|${family}`;
	let governor = governors.get(key);
	if (!governor) {
		governor = new RateLimitGovernor();
		governors.set(key, governor);
	}
	return governor;
}

/** What Okta last said about an endpoint family's window in this org (the System Log trigger keeps a reserve). */
export function lastRateLimit(baseUrl: string, family: EndpointFamily): RateLimitSnapshot | undefined {
	return governors.get(`${baseUrl}|${family}`)?.state.snapshot;
}
