import { join } from 'node:path';

import { ROOT } from './install';
import { spawnManaged, waitFor, type ManagedProcess } from './processes';

/**
 * The Okta sandbox (test/sandbox/cli.ts) as its own process on 127.0.0.1, as n8n sees a real Okta org: over
 * HTTP, from another process. Its introspection endpoints (/__sandbox/...) let a spec check what n8n did.
 */

export interface SandboxProcess {
	baseUrl: string;
	apiToken: string;
	/** What the CLI printed with --json: baseUrl, apiToken, oauthWebApp, serviceApp, seeded counts. */
	info: Record<string, any>;
	process: ManagedProcess;
	log: string;
	/** GET /__sandbox/state: users, groups, devices, event hooks... */
	state<T = Record<string, any>>(): Promise<T>;
	/** GET /__sandbox/requests: the request log. */
	requests<T = Array<Record<string, any>>>(): Promise<T>;
	/** POST /__sandbox/reset: back to the seed it started with, or to `seed` ('empty', 'demo', { users: 10 }...). */
	reset(seed?: unknown): Promise<void>;
	/** DELETE /__sandbox/requests: empties the request log. */
	clearRequests(): Promise<void>;
	/** Any introspection call, e.g. control('POST', '/flush') or control('POST', '/faults', {...}). */
	control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** A call to the sandbox's Okta API with the API token (SSWS). */
	api(method: string, path: string, body?: unknown): Promise<Response>;
	/** The uuids of every `eventType` event in the System Log, oldest first (one bounded page of up to 1000). */
	loggedUuids(eventType: string): Promise<string[]>;
	stop(): Promise<void>;
}

/**
 * Starts `tsx test/sandbox/cli.ts --port 0 --token <t> --json <args>` and resolves once it has printed its
 * summary and answers /__sandbox/state (a minute at most). `args` adds CLI options, e.g. ['--seed', 'demo'].
 */
export async function startSandboxProcess(logs: string, args: string[] = [], options: { apiToken?: string; timeoutMs?: number; port?: number } = {}): Promise<SandboxProcess> {
	const apiToken = options.apiToken ?? `e2e-sandbox-token-${process.pid}-${Date.now().toString(36)}`;
	const log = join(logs, 'sandbox.log');
	let buffer = '';
	let info: Record<string, any> | undefined;
	const managed = spawnManaged('Okta sandbox', join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'test', 'sandbox', 'cli.ts'), '--port', String(options.port ?? 0), '--token', apiToken, '--json', ...args], {
		cwd: ROOT,
		log,
		onStdout: (chunk) => {
			if (info) return;
			buffer += chunk;
			const line = buffer.split('\n').find((entry) => entry.startsWith('{') && entry.trimEnd().endsWith('}'));
			if (line) info = JSON.parse(line) as Record<string, any>;
		},
	});
	try {
		const summary = await waitFor('the sandbox to print its summary', () => info, {
			timeoutMs: options.timeoutMs ?? 60_000,
			hint: `log: ${log}`,
			abort: () => (managed.running() ? undefined : 'the sandbox exited'),
		});
		const baseUrl = String(summary.baseUrl);
		if (!baseUrl.startsWith('http://127.0.0.1:')) throw new Error(`the sandbox listens on ${baseUrl}, not 127.0.0.1 (log: ${log})`);
		await waitFor('the sandbox to answer /__sandbox/state', async () => ((await fetch(`${baseUrl}/__sandbox/state`)).ok ? true : undefined), { timeoutMs: 15_000, hint: `log: ${log}` });
	} catch (error) {
		await managed.stop(5_000).catch(() => undefined);
		throw error;
	}
	const baseUrl = String(info!.baseUrl);
	const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		if (!response.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${response.status} (log: ${log})`);
		const text = await response.text();
		return (text ? JSON.parse(text) : undefined) as T;
	};
	const sandbox: SandboxProcess = {
		baseUrl,
		apiToken: String(info!.apiToken ?? apiToken),
		info: info!,
		process: managed,
		log,
		state: async <T>() => await json<T>('GET', '/__sandbox/state'),
		requests: async <T>() => await json<T>('GET', '/__sandbox/requests'),
		reset: async (seed?: unknown) => {
			await json('POST', '/__sandbox/reset', seed === undefined ? {} : { seed });
		},
		clearRequests: async () => {
			await json('DELETE', '/__sandbox/requests');
		},
		control: async <T>(method: string, path: string, body?: unknown) => await json<T>(method, `/__sandbox${path.startsWith('/') ? path : `/${path}`}`, body),
		api: async (method, path, body) =>
			await fetch(`${baseUrl}${path}`, {
				method,
				headers: { authorization: `SSWS ${apiToken}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(30_000),
			}),
		loggedUuids: async (eventType) => {
			const filter = encodeURIComponent(`eventType eq "${eventType}"`);
			const response = await sandbox.api('GET', `/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&limit=1000&filter=${filter}`);
			return ((await response.json()) as Array<{ uuid: string }>).map((event) => event.uuid);
		},
		stop: async () => await managed.stop(10_000),
	};
	return sandbox;
}
