import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { runCommand } from './processes';

/** The repository root, .e2e (gitignored) and the pinned n8n that test/e2e/install-n8n.sh installs there. */
export const ROOT = join(__dirname, '..', '..', '..');
export const E2E_DIR = join(ROOT, '.e2e');
export const N8N_DIR = process.env.E2E_N8N_DIR ?? join(E2E_DIR, 'n8n');
export const N8N_BIN = join(N8N_DIR, 'node_modules', '.bin', 'n8n');
export const PACKAGE_NAME = 'n8n-nodes-okta';

/** Installs the pinned n8n on first use (a few minutes), or reuses it (well under a second). */
export function ensureN8nInstalled(): void {
	// global-setup checked it already for this jest run.
	if (process.env.E2E_N8N_READY === N8N_DIR) return;
	execFileSync('bash', [join(ROOT, 'test', 'e2e', 'install-n8n.sh'), process.env.E2E_N8N_LANE ?? 'n8n'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 30 * 60_000 });
	process.env.E2E_N8N_READY = N8N_DIR;
}

/** A folder for one run: .e2e/runs/<id>, with logs/ in it. fresh removes what an earlier run of that id left. */
export function runFolder(runId: string, fresh = true): { dir: string; logs: string } {
	if (!/^[\w.-]+$/.test(runId)) throw new Error(`run id must be a plain name, not ${runId}`);
	const dir = join(E2E_DIR, 'runs', runId);
	if (fresh) rmSync(dir, { recursive: true, force: true });
	const logs = join(dir, 'logs');
	mkdirSync(logs, { recursive: true });
	registerLogs(logs);
	return { dir, logs };
}

/** Remembers a log folder so that test/e2e/environment.ts names it when a test fails. */
export function registerLogs(logs: string): void {
	const registry = globalThis as { __e2eLogDirs?: Set<string> };
	(registry.__e2eLogDirs ??= new Set()).add(logs);
}

/** The files package.json's n8n section names: what n8n loads, so what the tarball must contain. */
function declaredFiles(): string[] {
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	return [...manifest.n8n.nodes, ...manifest.n8n.credentials];
}

/**
 * `npm run build` then `npm pack` into `outDir`, as `npm publish` would ship the package. Builds hold a lock so
 * two e2e runs never rebuild dist/ under each other. E2E_SKIP_BUILD=1 packs the dist/ that is there (CI builds
 * just before). Checks that the tarball holds every file package.json's n8n section declares.
 */
export async function buildAndPack(outDir: string, logs: string): Promise<string> {
	mkdirSync(outDir, { recursive: true });
	for (const file of readdirSync(outDir)) if (file.endsWith('.tgz')) rmSync(join(outDir, file));
	const log = join(logs, 'pack.log');
	// One script under one lock: nobody else's e2e build can empty dist/ between our build and our pack.
	const script = `${process.env.E2E_SKIP_BUILD === '1' ? '' : 'npm run build --silent 1>&2 && '}npm pack --ignore-scripts --json --loglevel=error --pack-destination "${outDir}"`;
	const { stdout } = await runCommand('npm run build + npm pack', 'flock', ['-w', '600', join(E2E_DIR, 'build.lock'), 'sh', '-c', script], { cwd: ROOT, log, timeoutMs: 15 * 60_000 });
	const json = stdout.slice(stdout.indexOf('['));
	const [packed] = JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>;
	const tarball = join(outDir, basename(packed.filename));
	if (!existsSync(tarball)) throw new Error(`npm pack reported ${packed.filename} but ${tarball} does not exist (log: ${log})`);
	const inside = new Set(packed.files.map((file) => file.path));
	const missing = declaredFiles().filter((file) => !inside.has(file));
	if (missing.length > 0) throw new Error(`the packed package lacks files that package.json's n8n section declares: ${missing.join(', ')} (log: ${log})`);
	return tarball;
}

/**
 * The tarball to install: the one global-setup packed for this jest run (E2E_PACKAGE_TARBALL), or a fresh
 * build and pack into the run's own folder.
 */
export async function packageTarball(runDir: string, logs: string): Promise<string> {
	const prepared = process.env.E2E_PACKAGE_TARBALL;
	if (prepared && existsSync(prepared)) return prepared;
	return await buildAndPack(join(runDir, 'pack'), logs);
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` the way n8n installs a community package: an npm
 * package in that folder, without its peer dependencies (n8n strips them; the node resolves n8n-workflow
 * from n8n itself) and without install scripts. No registry access: the package has no dependencies.
 */
export async function installTarball(tarball: string, userFolder: string, logs: string): Promise<void> {
	const nodes = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodes, { recursive: true });
	if (!existsSync(join(nodes, 'package.json'))) writeFileSync(join(nodes, 'package.json'), `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	// A copy next to the folder: the dependency n8n records points at a file this run owns.
	const local = join(userFolder, basename(tarball));
	copyFileSync(tarball, local);
	await runCommand('npm install (package into .n8n/nodes)', 'npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', '--loglevel=error', local], {
		cwd: nodes,
		log: join(logs, 'install-package.log'),
		timeoutMs: 5 * 60_000,
	});
	const installed = join(nodes, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!existsSync(installed)) throw new Error(`${PACKAGE_NAME} is not in ${nodes}/node_modules after npm install (log: ${join(logs, 'install-package.log')})`);
}
