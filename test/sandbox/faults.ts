import type { Request } from 'express';

/**
 * What can go wrong on a route, as shares of requests (0..1) or fixed counts. Some faults strike before the
 * route runs (nothing changed): errors, drops, 429 storms. Others strike after it (the change happened, only
 * the answer is lost or late): truncated bodies, drops after processing, latency spikes.
 */
export interface FaultSpec {
	latencyMs?: number;
	errorRate?: number;
	/** The injected error's status; 500 or 503 at random when not given. A 4xx models a refusal before the route ran. */
	errorStatus?: number;
	/** Connection dropped before the route runs. */
	dropRate?: number;
	/** The route runs, then the connection drops instead of answering. */
	dropAfterRate?: number;
	/** The route runs, then the JSON answer is cut in half. */
	truncateRate?: number;
	/** The route runs, then the answer is held back `spikeMs` (beyond a client's timeout, the write still happened). */
	spikeRate?: number;
	spikeMs?: number;
	rateLimitStorm?: { count: number };
	/** The rule strikes at most this many requests (429 storms excluded), then lets everything through: "fail the first attempt only". */
	maxStrikes?: number;
}

export type FaultAction =
	| { kind: 'none' }
	| { kind: 'error'; status: number }
	| { kind: 'drop' }
	| { kind: 'dropAfter' }
	| { kind: 'truncate' }
	| { kind: 'spike'; ms: number }
	| { kind: 'rateLimit' };

/** Named fault mixes, each about 5% of requests, for `npm run sandbox` and the fault tests. */
export const FAULT_PRESETS = {
	rateLimitStorm: { rateLimitStorm: { count: 20 } },
	serverErrors: { errorRate: 0.05 },
	drops: { dropRate: 0.025, dropAfterRate: 0.025 },
	truncatedJson: { truncateRate: 0.05 },
	latencySpikes: { spikeRate: 0.05, spikeMs: 3000 },
	mixed: { rateLimitStorm: { count: 10 }, errorRate: 0.02, dropRate: 0.01, dropAfterRate: 0.01, truncateRate: 0.02, spikeRate: 0.02, spikeMs: 3000 },
} satisfies Record<string, FaultSpec>;
export type FaultPreset = keyof typeof FAULT_PRESETS;

/** Per-route fault injection. A deterministic generator keeps chaos runs reproducible. */
export class Faults {
	private rules: Array<{ route: string | RegExp; spec: FaultSpec; stormLeft: number; strikesLeft: number }> = [];
	private static readonly SEED = 0x2545f491;
	private seed = Faults.SEED;

	set(route: string | RegExp, spec: FaultSpec): void {
		this.rules.push({ route, spec, stormLeft: spec.rateLimitStorm?.count ?? 0, strikesLeft: spec.maxStrikes ?? Infinity });
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

	private strike(spec: FaultSpec): FaultAction {
		if (spec.dropRate && this.random() < spec.dropRate) return { kind: 'drop' };
		if (spec.errorRate && this.random() < spec.errorRate) return { kind: 'error', status: spec.errorStatus ?? (this.random() < 0.5 ? 500 : 503) };
		if (spec.dropAfterRate && this.random() < spec.dropAfterRate) return { kind: 'dropAfter' };
		if (spec.truncateRate && this.random() < spec.truncateRate) return { kind: 'truncate' };
		if (spec.spikeRate && this.random() < spec.spikeRate) return { kind: 'spike', ms: spec.spikeMs ?? 3000 };
		return { kind: 'none' };
	}

	decide(req: Request): FaultAction {
		for (const rule of this.matching(req)) {
			const { spec } = rule;
			if (rule.stormLeft > 0) {
				rule.stormLeft--;
				return { kind: 'rateLimit' };
			}
			const action = this.strike(spec);
			if (action.kind !== 'none' && rule.strikesLeft > 0) {
				rule.strikesLeft--;
				return action;
			}
		}
		return { kind: 'none' };
	}
}
