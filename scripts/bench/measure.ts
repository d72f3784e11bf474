import type { Sandbox } from '../../test/sandbox';

/** What one job did, read from the sandbox's request log and state rather than from the client. */
export interface JobFigures {
	job: string;
	mode: string;
	wallMs: number;
	requests: number;
	/** Requests Okta admitted (everything but 429s). */
	admitted: number;
	rejected429: number;
	failedItems: number | string;
	duplicates: number | string;
	/**
	 * Requests Okta admitted in the job's first full rate-limit window, in the endpoint family the job used
	 * most (limits are per family); undefined if the job ended sooner.
	 */
	firstWindowAdmitted?: number;
	/** That family. */
	busiestFamily?: string;
	note?: string;
	/** The job's request log, for figures computed afterwards. */
	log?: Sandbox['requestLog'];
}

/**
 * The shortest wall time a per-family, per-window rate limit allows for the requests a job made: in each
 * family, every `limit` requests beyond the first window wait for the next one (windows start with their first
 * request, as the sandbox models them), plus one latency for the last request. The busiest family decides.
 */
export function rateLimitFloorMs(log: Sandbox['requestLog'], limitPerWindow: number, windowMs: number, latencyMs: number): number {
	const perFamily = new Map<string, number>();
	for (const entry of log) if (entry.status !== 429) perFamily.set(entry.family, (perFamily.get(entry.family) ?? 0) + 1);
	const windowsWaited = Math.max(0, ...[...perFamily.values()].map((count) => Math.ceil(count / limitPerWindow) - 1));
	return windowsWaited * windowMs + latencyMs;
}

export async function measure(sandbox: Sandbox, run: () => Promise<{ failedItems: number | string; duplicates: number | string; note?: string }>, windowMs = 60_000) {
	sandbox.requestLog.length = 0;
	const started = Date.now();
	const outcome = await run();
	const wallMs = Date.now() - started;
	const log = [...sandbox.requestLog];
	const admitted = log.filter((entry) => entry.status !== 429);
	const perFamily = new Map<string, number>();
	for (const entry of log) perFamily.set(entry.family, (perFamily.get(entry.family) ?? 0) + 1);
	const busiestFamily = [...perFamily.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
	const ofFamily = admitted.filter((entry) => entry.family === busiestFamily);
	const firstAt = ofFamily[0]?.time ?? started;
	const inFirstWindow = ofFamily.filter((entry) => entry.time < firstAt + windowMs).length;
	return {
		wallMs,
		log,
		requests: log.length,
		admitted: admitted.length,
		rejected429: log.length - admitted.length,
		firstWindowAdmitted: wallMs >= windowMs ? inFirstWindow : undefined,
		busiestFamily,
		...outcome,
	};
}

/** Users sharing a login: zero unless something was created twice. */
export function duplicateLogins(sandbox: Sandbox): number {
	const seen = new Map<string, number>();
	for (const user of sandbox.state.users.values()) {
		const login = String((user.profile as { login?: string }).login).toLowerCase();
		seen.set(login, (seen.get(login) ?? 0) + 1);
	}
	return [...seen.values()].reduce((total, count) => total + count - 1, 0);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
