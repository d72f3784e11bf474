/**
 * Throughput at Okta's limits (`npm run bench`; a benchmark that prints figures, not a test). Everything runs
 * in one process against the in-process Okta sandbox with latency and Okta-like limits: per endpoint family
 * a number of requests per one-minute window, and a concurrency limit. n8n's built-in Okta node runs in the
 * pinned real n8n against the same kind of sandbox. Flags: see options.ts (`--quick` for a small run).
 */
import { cpus } from 'node:os';

import { startSandbox, type Sandbox } from '../../test/sandbox';
import type { Family } from '../../test/sandbox/rateLimit';
import { builtInCreates, builtInReturnAll, prepareBuiltIn } from './builtInJobs';
import { rateLimitFloorMs, seconds, type JobFigures } from './measure';
import { parseOptions, type BenchOptions } from './options';
import { perItemJobs, returnAll } from './packageJobs';
import { createOrUpdateJobs, setMembersJobs } from './syncJobs';

const WINDOW_MS = 60_000;
const FAMILIES: Family[] = ['users', 'userById', 'userWrites', 'groups', 'devices', 'other'];
const PAGE_SIZE = 200;

async function sandboxFor(options: BenchOptions, seed: { users?: number; groups?: number }, latencyMs = options.latencyMs, strictQuery = true, ratePerMinute = options.ratePerMinute): Promise<Sandbox> {
	return await startSandbox({
		seed,
		latencyMs,
		rateLimits: Object.fromEntries(FAMILIES.map((family) => [family, ratePerMinute])),
		rateLimitWindowMs: WINDOW_MS,
		concurrencyLimit: options.concurrencyLimit,
		// Figures for the node, not for the spec validator.
		validateResponses: false,
		strictQuery,
	});
}

async function withSandbox<T>(sandbox: Sandbox, body: (sandbox: Sandbox) => Promise<T>): Promise<T> {
	try {
		return await body(sandbox);
	} finally {
		await sandbox.close();
	}
}

function row(figures: JobFigures, options: BenchOptions, extra: { minimum?: number; ideal?: string } = {}): string {
	const rate = figures.admitted / (figures.wallMs / 1000);
	const limitPerSecond = options.ratePerMinute / 60;
	const windowUse = figures.firstWindowAdmitted === undefined ? '—' : `${Math.round((100 * figures.firstWindowAdmitted) / options.ratePerMinute)} % (${figures.busiestFamily})`;
	return `| ${figures.job} | ${figures.mode} | ${seconds(figures.wallMs)}${extra.ideal ? ` (ideal ${extra.ideal})` : ''} | ${figures.requests}${extra.minimum !== undefined ? ` (min ${extra.minimum})` : ''} | ${rate.toFixed(1)}/s (limit ${limitPerSecond.toFixed(0)}/s) | ${windowUse} | ${figures.rejected429} | ${figures.failedItems} | ${figures.duplicates} | ${figures.note ?? ''} |`;
}

/** Sync jobs (issue 15): a group of listUsers members, and Create or Update over `items` rows, each also done the naive way. */
async function syncRows(options: BenchOptions, print: (line: string) => void): Promise<void> {
	const groupSize = options.listUsers;
	const syncJobs = [
		...(await withSandbox(await sandboxFor(options, { users: Math.round(groupSize * 1.01), groups: 1 }), async (sandbox) => await setMembersJobs(sandbox, options.concurrency, WINDOW_MS))),
		...(await withSandbox(await sandboxFor(options, { users: Math.round(options.items * 0.9) }), async (sandbox) => await createOrUpdateJobs(sandbox, options.items, options.concurrency, WINDOW_MS))),
	];
	for (const job of syncJobs) {
		// What the rate limit and concurrency allow for the writes alone: each wave of `concurrency` writes costs one latency.
		print(row(job, options, { minimum: job.budget, ideal: `${seconds(Math.ceil(job.writes / options.concurrency) * options.latencyMs)} for ${job.writes} writes` }));
	}
	if (options.syncBoundRate <= 0) return;
	// The same jobs where the limit, not latency, decides: their requests need more than one window.
	const rate = options.syncBoundRate;
	const bound = { ...options, ratePerMinute: rate };
	const boundJobs = [
		...(await withSandbox(await sandboxFor(options, { users: Math.round(groupSize * 1.01), groups: 1 }, options.latencyMs, true, rate), async (sandbox) => await setMembersJobs(sandbox, options.concurrency, WINDOW_MS, false))),
		...(await withSandbox(await sandboxFor(options, { users: Math.round(options.items * 0.9) }, options.latencyMs, true, rate), async (sandbox) => await createOrUpdateJobs(sandbox, options.items, options.concurrency, WINDOW_MS, false))),
	];
	for (const job of boundJobs) {
		const floorMs = rateLimitFloorMs(job.log ?? [], rate, WINDOW_MS, options.latencyMs);
		print(row({ ...job, mode: `${job.mode}, ${rate}/min per family` }, bound, { minimum: job.budget, ideal: `${seconds(floorMs)} allowed by ${rate}/min; ${(job.wallMs / floorMs).toFixed(2)}×` }));
	}
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const rows: string[] = [];
	const print = (line: string) => {
		rows.push(line);
		process.stdout.write(`${line}\n`);
	};
	process.stdout.write(
		`Node ${process.version}, ${cpus().length} CPUs. Sandbox: ${options.latencyMs} ms latency, ${options.ratePerMinute} requests/minute per endpoint family (one-minute windows), ${options.concurrencyLimit} concurrent. Concurrent runs use Concurrency = ${options.concurrency}.\n\n`,
	);
	print('| Job | Run | Wall time | Requests | Admitted rate | First-window use | 429s | Failed items | Duplicates | Notes |');
	print('|---|---|---|---|---|---|---|---|---|---|');

	if (options.syncOnly) {
		await syncRows(options, print);
		return;
	}
	const pages = Math.ceil(options.listUsers / PAGE_SIZE);
	const listing = await withSandbox(await sandboxFor(options, { users: options.listUsers }), async (sandbox) => await returnAll(sandbox, 'this package'));
	print(row(listing, options, { minimum: pages, ideal: seconds(pages * options.latencyMs) }));

	for (const [mode, concurrency] of [[`this package, concurrency ${options.concurrency}`, options.concurrency], ['this package, sequential (concurrency 1)', 1]] as const) {
		const jobs = await withSandbox(await sandboxFor(options, { users: 1, groups: 2 }), async (sandbox) => await perItemJobs(sandbox, options.items, concurrency, mode, WINDOW_MS));
		for (const job of jobs) print(row(job, options));
	}

	await syncRows(options, print);

	if (options.slowLatencyMs > 0) {
		for (const [mode, concurrency] of [[`this package, concurrency ${options.concurrency}, ${options.slowLatencyMs} ms latency`, options.concurrency], [`this package, sequential, ${options.slowLatencyMs} ms latency`, 1]] as const) {
			const [create] = await withSandbox(await sandboxFor(options, { users: 1, groups: 2 }, options.slowLatencyMs), async (sandbox) => await perItemJobs(sandbox, options.items, concurrency, mode, WINDOW_MS));
			print(row(create, options));
		}
	}

	if (!options.skipBuiltIn) {
		// Lenient about the empty `search=` and unknown `prefix=` the built-in node sends, as Okta is.
		await withSandbox(await sandboxFor(options, { users: options.listUsers }, options.latencyMs, false), async (sandbox) => {
			const folder = await prepareBuiltIn(sandbox);
			print(row(await builtInReturnAll(folder, sandbox, options.builtInCutoffMs), options, { minimum: pages, ideal: seconds(pages * options.latencyMs) }));
			print(row(await builtInCreates(folder, sandbox, options.items, options.builtInCutoffMs, WINDOW_MS), options));
		});
	}
	process.stdout.write(
		'\nAdmitted rate: requests Okta admitted ÷ wall time (the last, partial window lets a short job exceed the per-minute figure). ' +
			'First-window use: requests admitted in the first minute of a job that ran longer than a minute, in the endpoint family it used most, ÷ the per-minute limit. ' +
			'Failed items: error items, plus objects missing from the sandbox afterwards. Duplicates: users sharing a login in the sandbox.\n',
	);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? error}\n`);
	process.exit(1);
});
