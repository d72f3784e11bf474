import type { Request } from 'express';

/** What can go wrong on a route, as shares of requests (0..1) or fixed counts. */
export interface FaultSpec {
	latencyMs?: number;
	errorRate?: number;
	errorStatus?: 500 | 503;
	dropRate?: number;
	truncateRate?: number;
	rateLimitStorm?: { count: number };
}

export type FaultAction = { kind: 'none' } | { kind: 'error'; status: number } | { kind: 'drop' } | { kind: 'truncate' } | { kind: 'rateLimit' };

/** Per-route fault injection. A deterministic generator keeps chaos runs reproducible. */
export class Faults {
	private rules: Array<{ route: string | RegExp; spec: FaultSpec; stormLeft: number }> = [];
	private static readonly SEED = 0x2545f491;
	private seed = Faults.SEED;

	set(route: string | RegExp, spec: FaultSpec): void {
		this.rules.push({ route, spec, stormLeft: spec.rateLimitStorm?.count ?? 0 });
	}

	/** Removes every rule and restarts the generator, so the same test run after a clear (or reset) fails the same requests. */
	clear(): void {
		this.rules = [];
		this.seed = Faults.SEED;
	}

	private random(): number {
		this.seed ^= this.seed << 13;
		this.seed ^= this.seed >>> 17;
		this.seed ^= this.seed << 5;
		return ((this.seed >>> 0) % 1_000_000) / 1_000_000;
	}

	private matching(req: Request) {
		return this.rules.filter(({ route }) => (typeof route === 'string' ? req.path.startsWith(route) : route.test(`${req.method} ${req.path}`) || route.test(req.path)));
	}

	latency(req: Request): number {
		return this.matching(req).reduce((total, rule) => total + (rule.spec.latencyMs ?? 0), 0);
	}

	decide(req: Request): FaultAction {
		for (const rule of this.matching(req)) {
			const { spec } = rule;
			if (rule.stormLeft > 0) {
				rule.stormLeft--;
				return { kind: 'rateLimit' };
			}
			if (spec.dropRate && this.random() < spec.dropRate) return { kind: 'drop' };
			if (spec.errorRate && this.random() < spec.errorRate) return { kind: 'error', status: spec.errorStatus ?? (this.random() < 0.5 ? 500 : 503) };
			if (spec.truncateRate && this.random() < spec.truncateRate) return { kind: 'truncate' };
		}
		return { kind: 'none' };
	}
}
