import type { Response } from 'express';

import { sendError } from './context';

export type Family = 'users' | 'userById' | 'userWrites' | 'groups' | 'devices' | 'logs' | 'other';
export type RateLimits = Partial<Record<Family, number>> | false;

/** Okta's published per-minute limits (OKTA-NOTES.md), for runs that should feel like a real org. */
export const OKTA_LIMITS: Record<'workforce' | 'integrator', Record<Family, number>> = {
	workforce: { users: 600, userById: 2000, userWrites: 600, groups: 500, devices: 100, logs: 120, other: 1200 },
	integrator: { users: 100, userById: 100, userWrites: 100, groups: 100, devices: 100, logs: 50, other: 100 },
};

/** With no limit given, a family gets this many requests per window (generous, so tests are not throttled). */
export const DEFAULT_LIMIT = 10_000;
/**
 * `/api/v1/logs` has its own small bucket in Okta (OKTA-NOTES.md, System Log), so it keeps a small default even
 * when the other families get the generous one: pollers must live with it.
 */
export const DEFAULT_LOGS_LIMIT = 120;

export function familyOf(method: string, path: string): Family {
	if (/^\/api\/v1\/users\/?$/.test(path)) return 'users';
	if (/^\/api\/v1\/users\/[^/]+\/?$/.test(path) && method === 'GET') return 'userById';
	if (/^\/api\/v1\/users\/[^/]+/.test(path)) return 'userWrites';
	if (/^\/api\/v1\/groups(\/|$)/.test(path)) return 'groups';
	if (/^\/api\/v1\/devices(\/|$)/.test(path)) return 'devices';
	if (/^\/api\/v1\/logs\/?$/.test(path)) return 'logs';
	return 'other';
}

/** Okta's per-family, per-window request limits and its org-wide concurrency limit, with X-Rate-Limit-* headers. */
export class RateLimiter {
	private windows = new Map<Family, { start: number; used: number }>();
	inFlight = 0;
	/** Count of 429s served, by reason. */
	readonly rejected = { rate: 0, concurrency: 0 };

	constructor(
		public limits: RateLimits,
		public windowMs: number,
		public concurrencyLimit: number,
	) {}

	private limitOf(family: Family): number {
		return this.limits === false ? 1_000_000 : (this.limits[family] ?? (family === 'logs' ? DEFAULT_LOGS_LIMIT : DEFAULT_LIMIT));
	}

	/** Admits the request (setting headers) or answers 429. Call `release` when an admitted request ends. */
	admit(res: Response, family: Family): boolean {
		const now = Date.now();
		let window = this.windows.get(family);
		if (!window || now - window.start >= this.windowMs) {
			// A window starts with its first request, so a burst is never split by a clock boundary and a
			// benchmark's figures do not depend on the second it starts in.
			window = { start: now, used: 0 };
			this.windows.set(family, window);
		}
		const limit = this.limitOf(family);
		const reset = Math.ceil((window.start + this.windowMs) / 1000);
		if (this.inFlight >= this.concurrencyLimit) {
			this.rejected.concurrency++;
			res.setHeader('X-Rate-Limit-Limit', '0');
			res.setHeader('X-Rate-Limit-Remaining', '0');
			res.setHeader('X-Rate-Limit-Reset', String(Math.ceil(now / 1000) + 1));
			sendError(res, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
			return false;
		}
		if (window.used >= limit) {
			this.rejected.rate++;
			this.headers(res, limit, 0, reset);
			sendError(res, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
			return false;
		}
		window.used++;
		this.inFlight++;
		this.headers(res, limit, limit - window.used, reset);
		return true;
	}

	/** New limits (and window) from now on; counts start again. */
	setLimits(limits: RateLimits, windowMs?: number): void {
		this.limits = limits;
		if (windowMs) this.windowMs = windowMs;
		this.reset();
	}

	release(): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
	}

	private headers(res: Response, limit: number, remaining: number, reset: number): void {
		res.setHeader('X-Rate-Limit-Limit', String(limit));
		res.setHeader('X-Rate-Limit-Remaining', String(remaining));
		res.setHeader('X-Rate-Limit-Reset', String(reset));
	}

	reset(): void {
		this.windows.clear();
		this.inFlight = 0;
	}
}
