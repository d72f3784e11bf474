/** `npm run bench -- [flags]`: every figure the bench uses, with the defaults. */
export interface BenchOptions {
	/** Server-side latency added to every sandbox request (ms). */
	latencyMs: number;
	/** Requests per minute per endpoint family (users, user writes, groups...). */
	ratePerMinute: number;
	/** Okta's org-wide concurrent-request limit. */
	concurrencyLimit: number;
	/** Users in the directory for Return All. */
	listUsers: number;
	/** Input items for the per-item jobs. */
	items: number;
	/** The node's Concurrency option for the concurrent runs. */
	concurrency: number;
	/** A second latency at which only the create job runs, where sequential work is latency-bound. */
	slowLatencyMs: number;
	/** Skip n8n's built-in Okta node (it needs the pinned n8n from the end-to-end suite). */
	skipBuiltIn: boolean;
	/** Run only the sync jobs (Set Members, Create or Update) and their naive versions. */
	syncOnly: boolean;
	/**
	 * A per-minute limit low enough that the sync jobs' requests need more than one window (Okta's Integrator
	 * orgs allow 100/min per family): the sync jobs run again under it, to compare their wall time with what the
	 * limit allows. 0 skips those rows.
	 */
	syncBoundRate: number;
	/** How long n8n's built-in node may run one job before it is stopped and its requests counted (ms). */
	builtInCutoffMs: number;
}

export function parseOptions(argv: string[]): BenchOptions {
	const quick = argv.includes('--quick');
	const number = (name: string, fallback: number) => {
		const index = argv.indexOf(`--${name}`);
		if (index === -1) return fallback;
		const value = Number(argv[index + 1]);
		if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number, got "${argv[index + 1]}"`);
		return value;
	};
	return {
		latencyMs: number('latency', 100),
		ratePerMinute: number('rate', 600),
		concurrencyLimit: number('concurrency-limit', 75),
		listUsers: number('list-users', quick ? 2000 : 10_000),
		items: number('items', quick ? 200 : 1000),
		concurrency: number('concurrency', 10),
		slowLatencyMs: number('slow-latency', quick ? 0 : 300),
		skipBuiltIn: argv.includes('--skip-builtin'),
		syncOnly: argv.includes('--sync-only'),
		syncBoundRate: number('sync-bound-rate', quick ? 0 : 100),
		builtInCutoffMs: number('builtin-cutoff', quick ? 30_000 : 120_000),
	};
}
