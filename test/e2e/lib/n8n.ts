import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ensureN8nInstalled, installTarball, N8N_BIN, packageTarball, runFolder } from './install';
import { freePort, runCommand, spawnManaged, waitFor, type CommandResult, type ManagedProcess } from './processes';

/**
 * Drives a real, pinned n8n (installed by test/e2e/install-n8n.sh into .e2e/n8n) with the package installed
 * the way users install it: `npm pack`, then the tarball in the user folder's .n8n/nodes. Every run has its own
 * folder .e2e/runs/<id> (n8n's user folder in user/, every log in logs/), its own ports, and binds 127.0.0.1.
 *
 *   const n8n = await installPackage('users');
 *   await n8n.importCredentials([{ id, name, type, data }]);
 *   await n8n.importWorkflow(workflow);
 *   const run = await n8n.executeWorkflow(workflow.id);  // parsed result of `n8n execute --rawOutput`
 *   const server = await startN8n(n8n, { owner: true }); ... await stopN8n(server);
 */

export { ensureN8nInstalled, N8N_BIN, ROOT } from './install';
export { freePort } from './processes';
export { startSandboxProcess, type SandboxProcess } from './sandbox';

/** A credential as `n8n import:credentials` takes it: `data` in plain JSON, which n8n encrypts on import. */
export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** One node's runs in an execution's runData. */
export interface NodeRun {
	data?: { main: Array<Array<{ json: Record<string, any>; binary?: Record<string, unknown> }> | null> };
	error?: { message: string; description?: string; httpCode?: string; [key: string]: unknown };
	executionStatus?: string;
}

export interface ExecutionResult {
	/** true when n8n recorded no workflow error. */
	ok: boolean;
	/** The workflow error's message, or else the first node error's. */
	error?: string;
	/** Each node's items (first run, output 0) as plain JSON, by node name. */
	items: Record<string, Array<Record<string, any>>>;
	/** n8n's full run JSON: data.resultData.runData and friends. */
	raw: { data: { resultData: { runData: Record<string, NodeRun[]>; error?: { message: string; [key: string]: unknown }; lastNodeExecuted?: string } }; status?: string; [key: string]: unknown };
	/** The log of this `n8n execute`. */
	log: string;
}

/** A node type as `n8n export:nodes` (and the editor's /types/nodes.json) describes it. */
export interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	credentials?: Array<{ name: string; required?: boolean; displayOptions?: unknown }>;
	iconUrl?: string | { light: string; dark: string };
	webhooks?: unknown[];
	[key: string]: unknown;
}

/** A credential type as the editor's /types/credentials.json describes it. */
export interface CredentialTypeDescription {
	name: string;
	displayName: string;
	extends?: string[];
	properties: Array<{ name: string; type: string; [key: string]: unknown }>;
	iconUrl?: string | { light: string; dark: string };
	[key: string]: unknown;
}

/** An n8n user folder with the package installed, and the environment every n8n command for it runs in. */
export interface N8nFolder {
	runId: string;
	/** .e2e/runs/<runId> */
	dir: string;
	/** N8N_USER_FOLDER (n8n keeps .n8n/ with the database and .n8n/nodes in it). */
	userFolder: string;
	/** Where every log of this run goes: print it when something fails. */
	logs: string;
	tarball: string;
	port: number;
	/** The URL `n8n start` listens on, and that webhooks are registered with. */
	url: string;
	env: NodeJS.ProcessEnv;
	/** Runs `n8n <args>` to completion (3 minutes at most), logging to logs/NN-<command>.log. */
	cli(args: string[], options?: { timeoutMs?: number; allowFailure?: boolean }): Promise<CommandResult & { log: string }>;
	importCredentials(credentials: CredentialImport[]): Promise<void>;
	importWorkflow(workflow: { id: string; [key: string]: unknown }): Promise<void>;
	/** `n8n execute --id=<id> --rawOutput`; the result also when the workflow failed (ok: false). */
	executeWorkflow(workflowId: string, options?: { timeoutMs?: number }): Promise<ExecutionResult>;
	/** Every node type n8n loaded, from `n8n export:nodes`. */
	listNodeTypes(): Promise<NodeTypeDescription[]>;
	/** Makes the workflow active (`n8n publish:workflow`); a running n8n picks it up only when (re)started. */
	publishWorkflow(workflowId: string): Promise<void>;
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: OwnerAccount = { email: 'owner@e2e.example.com', password: 'E2e-Owner-Passw0rd', firstName: 'E2E', lastName: 'Owner' };

/** A running `n8n start`. */
export interface N8nServer {
	url: string;
	process: ManagedProcess;
	/** The log of `n8n start`. */
	log: string;
	/** Set when started with an owner: the account, logged in (rest() sends its cookie). */
	owner?: OwnerAccount;
	/** A request to n8n's REST API (`/rest/...`) or another path, as the logged-in owner; returns the parsed body (`data` unwrapped). */
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** The editor's node and credential types (needs an owner). */
	nodeTypes(): Promise<NodeTypeDescription[]>;
	credentialTypes(): Promise<CredentialTypeDescription[]>;
	/** The executions n8n saved for a workflow (newest first, at most 100), through its REST API. */
	executions(workflowId: string): Promise<ExecutionSummary[]>;
	stop(): Promise<void>;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
}

let runCounter = 0;

/** A run id unique to this process: `<prefix>-<time>-<pid>-<n>`. */
export function uniqueRunId(prefix: string): string {
	return `${prefix}-${Date.now().toString(36)}-${process.pid}-${++runCounter}`;
}

/**
 * Makes a fresh n8n user folder under .e2e/runs/<runId> and installs the packed package in its .n8n/nodes.
 * Installs the pinned n8n first if needed. `fresh: false` keeps an earlier run's folder (its database) and
 * only reinstalls the package (npm start uses that). `port` fixes n8n's port (npm start's stable 5678).
 */
export async function installPackage(runId = uniqueRunId('e2e'), options: { fresh?: boolean; port?: number } = {}): Promise<N8nFolder> {
	ensureN8nInstalled();
	const { dir, logs } = runFolder(runId, options.fresh ?? true);
	const userFolder = join(dir, 'user');
	const tarball = await packageTarball(dir, logs);
	await installTarball(tarball, userFolder, logs);
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		// Only what n8n needs: jest's own environment (NODE_ENV=test and friends) changes how n8n behaves.
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		LANG: 'C.UTF-8',
		TZ: 'UTC',
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${url}/`,
		WEBHOOK_URL: `${url}/`,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// info, not warn: `n8n execute` prints its result at info level.
		N8N_LOG_LEVEL: 'info',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// Nothing reaches for api.n8n.io (no network here): banners, what's new, the vetted-package list, MCP registry.
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// n8n 1.x has no such module and refuses to start when asked to disable an unknown one.
		...(process.env.E2E_N8N_LANE === 'n8n1' ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		N8N_SECURE_COOKIE: 'false',
		N8N_ENCRYPTION_KEY: 'e2e-only-encryption-key',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		DB_SQLITE_POOL_SIZE: '1',
	};
	let counter = 0;
	const folder: N8nFolder = {
		runId,
		dir,
		userFolder,
		logs,
		tarball,
		port,
		url,
		env,
		async cli(args, cliOptions = {}) {
			const log = join(logs, `${String(++counter).padStart(2, '0')}-${args[0].replace(/[^a-z:-]/gi, '').replace(':', '-')}.log`);
			const result = await runCommand(`n8n ${args[0]}`, N8N_BIN, args, { cwd: dir, env, log, timeoutMs: cliOptions.timeoutMs ?? 180_000, allowFailure: cliOptions.allowFailure });
			return { ...result, log };
		},
		async importCredentials(credentials) {
			const file = join(dir, `credentials-${++counter}.json`);
			writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
			try {
				await folder.cli(['import:credentials', `--input=${file}`]);
			} finally {
				// The file holds the secrets in plain text; n8n keeps them encrypted.
				rmSync(file, { force: true });
			}
		},
		async importWorkflow(workflow) {
			const file = join(dir, `workflow-${workflow.id}.json`);
			writeFileSync(file, JSON.stringify(workflow, null, 2));
			await folder.cli(['import:workflow', `--input=${file}`]);
		},
		async executeWorkflow(workflowId, executeOptions = {}) {
			const { stdout, output, log, code } = await folder.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true, timeoutMs: executeOptions.timeoutMs });
			const raw = parseRunJson(stdout) ?? parseRunJson(output);
			if (!raw) throw new Error(`n8n execute --id=${workflowId} printed no result (exit ${code}; log: ${log})`);
			return toExecutionResult(raw, log);
		},
		async listNodeTypes() {
			const file = join(dir, 'nodes.json');
			await folder.cli(['export:nodes', `--output=${file}`]);
			const types = JSON.parse(readFileSync(file, 'utf8')) as NodeTypeDescription[];
			rmSync(file); // 18 MB
			return types;
		},
		async publishWorkflow(workflowId) {
			await folder.cli(['publish:workflow', `--id=${workflowId}`]);
		},
	};
	return folder;
}

/**
 * The run JSON in `n8n execute` output. On success (--rawOutput) it is all of stdout; on failure n8n logs it
 * pretty-printed among other lines. Either way it starts with a line `{` and ends with the next line `}`.
 */
export function parseRunJson(output: string): ExecutionResult['raw'] | undefined {
	const lines = output.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	if (start < 0) return undefined;
	if (lines[start].trim() !== '{') {
		try {
			return JSON.parse(lines[start]) as ExecutionResult['raw'];
		} catch {
			return undefined;
		}
	}
	const end = lines.findIndex((line, index) => index > start && line.trimEnd() === '}');
	if (end < 0) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionResult['raw'];
	} catch {
		return undefined;
	}
}

function toExecutionResult(raw: ExecutionResult['raw'], log: string): ExecutionResult {
	const { runData, error } = raw.data.resultData;
	const failed = Object.values(runData).find((runs) => runs[0]?.error);
	const items = Object.fromEntries(Object.entries(runData).map(([node, runs]) => [node, (runs[0]?.data?.main?.[0] ?? []).map((item) => item.json)]));
	const message = error?.message ?? failed?.[0].error?.message;
	return { ok: !error, error: message, items, raw, log };
}

/**
 * `n8n start` for the folder, on 127.0.0.1:<folder.port>. Resolves once /healthz/readiness answers 200 (two
 * minutes at most). `owner: true` (or an account) sets up the instance owner through the REST API and logs in,
 * as a person does on first visit, so rest(), nodeTypes() and credentialTypes() work.
 */
export async function startN8n(folder: N8nFolder, options: { owner?: boolean | OwnerAccount; timeoutMs?: number } = {}): Promise<N8nServer> {
	const log = join(folder.logs, 'n8n-start.log');
	const managed = spawnManaged('n8n start', N8N_BIN, ['start'], { cwd: folder.dir, env: folder.env, log });
	const browserId = `e2e-${folder.runId}`;
	let cookie: string | undefined;
	const fail = async (error: unknown): Promise<never> => {
		await managed.stop().catch(() => undefined);
		throw error;
	};
	try {
		await waitFor('n8n to be ready (/healthz/readiness)', async () => ((await fetch(`${folder.url}/healthz/readiness`)).ok ? true : undefined), {
			timeoutMs: options.timeoutMs ?? 120_000,
			intervalMs: 500,
			hint: `log: ${log}`,
			abort: () => (managed.running() ? undefined : 'n8n start exited'),
		});
		// n8n 1.x answers /healthz/readiness before it mounts its REST routes.
		await waitFor('n8n\'s REST API (/rest/settings)', async () => ((await fetch(`${folder.url}/rest/settings`)).ok ? true : undefined), {
			timeoutMs: options.timeoutMs ?? 120_000,
			intervalMs: 500,
			hint: `log: ${log}`,
			abort: () => (managed.running() ? undefined : 'n8n start exited'),
		});
	} catch (error) {
		return await fail(error);
	}
	const request = async (method: string, path: string, body?: unknown): Promise<Response> =>
		await fetch(`${folder.url}${path}`, {
			method,
			headers: { 'browser-id': browserId, ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
	const rest = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await request(method, path, body);
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n ${method} ${path}: HTTP ${response.status} ${text.slice(0, 500)} (log: ${log})`);
		const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (setCookie) cookie = setCookie.split(';')[0];
		if (!text) return undefined as T;
		const parsed = JSON.parse(text) as { data?: T };
		return (path.startsWith('/rest/') && parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	};
	const owner = options.owner === true ? DEFAULT_OWNER : options.owner || undefined;
	if (owner) {
		try {
			const settings = await rest<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/rest/settings');
			if (settings.userManagement?.showSetupOnFirstLoad !== false) await rest('POST', '/rest/owner/setup', owner);
			await rest('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		} catch (error) {
			return await fail(new Error(`owner setup and login failed: ${(error as Error).message}`));
		}
	}
	return {
		url: folder.url,
		process: managed,
		log,
		owner,
		rest,
		nodeTypes: async () => await rest<NodeTypeDescription[]>('GET', '/types/nodes.json'),
		credentialTypes: async () => await rest<CredentialTypeDescription[]>('GET', '/types/credentials.json'),
		executions: async (workflowId: string) =>
			(await rest<{ results: ExecutionSummary[] }>('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`)).results,
		stop: async () => {
			await managed.stop(20_000);
			// The editor's files that n8n start copies into the user folder (50 MB a run): nothing to debug there.
			rmSync(join(folder.userFolder, '.cache', 'n8n', 'public'), { recursive: true, force: true });
		},
	};
}

export async function stopN8n(server: N8nServer | undefined): Promise<void> {
	await server?.stop();
}

// ---------------------------------------------------------------------------------------------------------
// The first version of this module's API, kept for scripts/start.ts (`npm start`): synchronous imports.

/** @deprecated for tests: use installPackage() and its async methods. */
export interface N8nInstance {
	userFolder: string;
	logs: string;
	env: NodeJS.ProcessEnv;
	run(args: string[], options?: { allowFailure?: boolean }): string;
	importCredentials(credentials: object[]): void;
	importWorkflow(workflow: object): void;
	/** Runs a saved workflow headlessly and returns n8n's result JSON. */
	execute(workflowId: string): ExecutionResult['raw'];
	/** `n8n start`; with an owner, sets the account up on first run (n8n's /rest/owner/setup) and logs in. */
	start(owner?: OwnerAccount): Promise<{ url: string; stop(): Promise<void> }>;
}

/** @deprecated for tests: use installPackage(). Keeps the run's folder (and database) between calls. */
export async function createN8n(runId: string, port?: number): Promise<N8nInstance> {
	const folder = await installPackage(runId, { fresh: false, port });
	let counter = 0;
	const instance: N8nInstance = {
		userFolder: folder.userFolder,
		logs: folder.logs,
		env: folder.env,
		run(args, options = {}) {
			const log = join(folder.logs, `sync-${String(++counter).padStart(2, '0')}-${args[0].replace(/[^a-z:-]/gi, '').replace(':', '-')}.log`);
			try {
				const output = execFileSync(N8N_BIN, args, { env: folder.env, cwd: folder.dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'] });
				writeFileSync(log, output);
				return output;
			} catch (error) {
				const failure = error as { stdout?: string; stderr?: string; message: string };
				writeFileSync(log, `${failure.stdout ?? ''}\n${failure.stderr ?? ''}`);
				if (options.allowFailure) return `${failure.stdout ?? ''}`;
				throw new Error(`n8n ${args.join(' ')} failed (log: ${log}): ${failure.message.split('\n')[0]}`);
			}
		},
		importCredentials(credentials) {
			const file = join(folder.dir, `credentials-sync-${++counter}.json`);
			writeFileSync(file, JSON.stringify(credentials));
			instance.run(['import:credentials', `--input=${file}`]);
		},
		importWorkflow(workflow) {
			const file = join(folder.dir, `workflow-sync-${++counter}.json`);
			writeFileSync(file, JSON.stringify(workflow));
			instance.run(['import:workflow', `--input=${file}`]);
		},
		execute(workflowId) {
			const raw = parseRunJson(instance.run(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true }));
			if (!raw) throw new Error(`n8n execute printed no result (logs: ${folder.logs})`);
			return raw;
		},
		async start(owner) {
			const server = await startN8n(folder, { owner });
			return { url: server.url, stop: server.stop };
		},
	};
	return instance;
}
