import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Drives a real, pinned n8n (installed by test/e2e/install-n8n.sh into .e2e/n8n) with the package installed
 * the way users install it: `npm pack`, then `npm install <tarball>` in the user folder's .n8n/nodes.
 * Every server binds 127.0.0.1; logs stay in .e2e/runs/<id>/logs for a developer to read.
 */

export const ROOT = join(__dirname, '..', '..', '..');
export const N8N_BIN = join(ROOT, '.e2e', 'n8n', 'node_modules', '.bin', 'n8n');

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

export function ensureN8nInstalled(): void {
	execFileSync('bash', [join(ROOT, 'test', 'e2e', 'install-n8n.sh')], { stdio: 'inherit' });
}

let packed: string | undefined;

/** Builds and packs the package once per run, as `npm publish` would ship it. */
export function packPackage(): string {
	if (packed) return packed;
	const out = join(ROOT, '.e2e', 'pack');
	mkdirSync(out, { recursive: true });
	for (const file of readdirSync(out)) if (file.endsWith('.tgz')) execFileSync('rm', ['-f', join(out, file)]);
	execFileSync('npm', ['pack', '--pack-destination', out, '--loglevel=error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(out).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	packed = join(out, tarball);
	return packed;
}

export interface N8nInstance {
	userFolder: string;
	logs: string;
	env: NodeJS.ProcessEnv;
	run(args: string[], options?: { allowFailure?: boolean }): string;
	importCredentials(credentials: object[]): void;
	importWorkflow(workflow: object): void;
	/** Runs a saved workflow headlessly and returns n8n's result JSON. */
	execute(workflowId: string): { data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message: string } }>>; error?: { message: string } } } };
	start(): Promise<{ url: string; stop(): Promise<void> }>;
}

/** A fresh n8n user folder with the packed package installed in .n8n/nodes. */
export async function createN8n(runId: string): Promise<N8nInstance> {
	const base = join(ROOT, '.e2e', 'runs', runId);
	const userFolder = join(base, 'user');
	const logs = join(base, 'logs');
	mkdirSync(join(userFolder, '.n8n', 'nodes'), { recursive: true });
	mkdirSync(logs, { recursive: true });
	const nodes = join(userFolder, '.n8n', 'nodes');
	if (!existsSync(join(nodes, 'package.json'))) writeFileSync(join(nodes, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', packPackage()], { cwd: nodes, stdio: ['ignore', 'ignore', 'inherit'] });
	const port = await freePort();
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
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_LOG_LEVEL: 'info',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENCRYPTION_KEY: 'e2e-only-encryption-key',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		DB_SQLITE_POOL_SIZE: '1',
	};
	let counter = 0;
	const instance: N8nInstance = {
		userFolder,
		logs,
		env,
		run(args, options = {}) {
			const log = join(logs, `${String(++counter).padStart(2, '0')}-${args[0].replace(/[^a-z:]/gi, '')}.log`);
			try {
				const output = execFileSync(N8N_BIN, args, { env, cwd: base, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'] });
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
			const file = join(base, `credentials-${++counter}.json`);
			writeFileSync(file, JSON.stringify(credentials));
			instance.run(['import:credentials', `--input=${file}`]);
		},
		importWorkflow(workflow) {
			const file = join(base, `workflow-${++counter}.json`);
			writeFileSync(file, JSON.stringify(workflow));
			instance.run(['import:workflow', `--input=${file}`]);
		},
		execute(workflowId) {
			const output = instance.run(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true });
			// The result is pretty-printed JSON from the first line starting with "{" to the first line that is "}";
			// n8n may log more lines after it.
			const lines = output.split('\n');
			const start = lines.findIndex((line) => line.startsWith('{'));
			const end = lines.findIndex((line, index) => index > start && line === '}');
			if (start < 0 || end < 0) throw new Error(`n8n execute printed no result (logs: ${logs})`);
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		},
		async start() {
			const out = createWriteStream(join(logs, 'n8n-start.log'));
			const child: ChildProcess = spawn(N8N_BIN, ['start'], { env, cwd: base, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
			child.stdout?.pipe(out);
			child.stderr?.pipe(out);
			const url = `http://127.0.0.1:${env.N8N_PORT}`;
			const deadline = Date.now() + 120_000;
			while (Date.now() < deadline) {
				if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode} (log: ${join(logs, 'n8n-start.log')})`);
				try {
					if ((await fetch(`${url}/healthz/readiness`)).ok) break;
				} catch {
					// not listening yet
				}
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			if (Date.now() >= deadline) throw new Error(`n8n did not become ready (log: ${join(logs, 'n8n-start.log')})`);
			return {
				url,
				stop: async () => {
					if (child.exitCode !== null) return;
					const exited = new Promise((resolve) => child.once('exit', resolve));
					process.kill(-child.pid!, 'SIGTERM');
					await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
					if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
				},
			};
		},
	};
	return instance;
}

/** The Okta sandbox as its own process, as the e2e suite and the demo use it. */
export async function startSandboxProcess(logs: string, args: string[] = []): Promise<{ baseUrl: string; apiToken: string; info: Record<string, any>; stop(): Promise<void> }> {
	const port = await freePort();
	const apiToken = `e2e-${port}-token`;
	const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'test', 'sandbox', 'cli.ts'), '--port', String(port), '--token', apiToken, '--json', ...args], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const log = createWriteStream(join(logs, 'sandbox.log'));
	child.stderr?.pipe(log);
	const info = await new Promise<Record<string, any>>((resolve, reject) => {
		let buffer = '';
		const timer = setTimeout(() => reject(new Error(`sandbox did not start (log: ${join(logs, 'sandbox.log')})`)), 60_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			log.write(chunk);
			const line = buffer.split('\n').find((entry) => entry.startsWith('{'));
			if (line) {
				clearTimeout(timer);
				resolve(JSON.parse(line) as Record<string, any>);
			}
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited with ${code} (log: ${join(logs, 'sandbox.log')})`)));
	});
	return {
		baseUrl: info.baseUrl,
		apiToken,
		info,
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			process.kill(-child.pid!, 'SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
		},
	};
}
