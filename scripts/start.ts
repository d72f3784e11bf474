/**
 * `npm start`: the package in a real n8n on an embedded Okta, as a guided tour. Checks Node, builds the package,
 * installs the pinned n8n on first run (with a progress line at least every 15 s), starts the Okta sandbox with
 * demo data, imports credentials pointing at it and the example workflows, starts n8n on a stable port, creates
 * the owner account on first run through n8n's own setup API, and prints where everything is. Ctrl+C stops it.
 *
 *   npm start                      port 5678 when free, else a free one (and says why)
 *   npm start -- --port 5800       that port
 *   npm start -- --reset           forget the state folder (account, workflows, executions) and start afresh
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';

const NODE_MAJOR_NEEDED = 24;
const DEFAULT_PORT = 5678;
const SANDBOX_PORT_OFFSET = 1000;
const PROGRESS_EVERY_MS = 15_000;
/** Measured on the shared 2-core machine (issue 17): 459 s and 3.4 GB for the n8n install. */
const FIRST_INSTALL = 'about 8 minutes and 3.4 GB on a 2-core machine';

async function main(): Promise<void> {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < NODE_MAJOR_NEEDED) {
		console.error(`npm start needs Node.js ${NODE_MAJOR_NEEDED} or newer (n8n 2.41 refuses older ones), and this is Node ${process.versions.node}. Fix: source .ci/node24.sh && npm start`);
		process.exit(1);
	}
	// Imported only after the Node check, so an old Node gets the one line above and nothing else.
	const { E2E_DIR, N8N_DIR, ROOT } = await import('../test/e2e/lib/install');
	const { createN8n, startSandboxProcess } = await import('../test/e2e/lib/n8n');
	const args = process.argv.slice(2);
	const portArg = valueOf(args, '--port');
	const stateDir = join(E2E_DIR, 'runs', 'demo');
	const shown = relative(ROOT, stateDir);
	if (args.includes('--reset')) {
		rmSync(stateDir, { recursive: true, force: true });
		console.log(`--reset: removed ${shown} (owner account, workflows, executions); starting afresh.`);
	}
	const firstRun = !existsSync(join(stateDir, 'start-state.json'));
	console.log(firstRun ? `First start: state goes to ${shown}.` : `Reusing ${shown}: your owner account, workflows and executions are kept (npm start -- --reset to start afresh).`);

	phase('Building the package (npm run build)');
	await run('npm', ['run', 'build', '--silent'], ROOT);
	await installN8n(ROOT, N8N_DIR);
	process.env.E2E_N8N_READY = N8N_DIR;

	const port = await choosePort(portArg);
	const state = loadState(stateDir);
	phase('Packing the package and installing it into n8n\'s user folder');
	const n8n = await createN8n('demo', port);
	const sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'demo'], { apiToken: state.sandboxToken, port: (await isFree(port + SANDBOX_PORT_OFFSET)) ? port + SANDBOX_PORT_OFFSET : 0 });
	process.on('exit', () => void sandbox.stop());
	phase('Importing the sandbox credentials and the example workflows');
	n8n.importCredentials([
		{ ...CREDENTIALS.apiToken, type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } },
		{
			...CREDENTIALS.serviceApp,
			type: 'oktaDirectoryServiceAppApi',
			data: { domain: sandbox.baseUrl, clientId: sandbox.info.serviceApp.clientId, privateKey: sandbox.info.serviceApp.privateKeyPem, kid: sandbox.info.serviceApp.keyId, accessToken: '' },
		},
	]);
	const { exampleFiles, loadExample } = await import('../test/e2e/lib/examples');
	const files = exampleFiles();
	for (const file of files) n8n.importWorkflow(loadExample(file, 'oktaDirectoryApiTokenApi', CREDENTIALS.apiToken).workflow);
	phase(`Starting n8n on port ${port}`);
	const server = await n8n.start(state.owner);
	writeFileSync(join(stateDir, 'start-state.json'), JSON.stringify(state, null, 2), { mode: 0o600 });
	console.log(`
n8n with n8n-nodes-okta is ready: ${server.url}
  Sign in:       ${state.owner.email} / ${state.owner.password}${firstRun ? ' (owner account created for you just now)' : ''}
  Okta sandbox:  ${sandbox.baseUrl}   API token: ${sandbox.apiToken}
                 (both stay the same on every start; its data: ${sandbox.baseUrl}/__sandbox/state)
  Credentials:   "${CREDENTIALS.apiToken.name}" and "${CREDENTIALS.serviceApp.name}"
  Workflows:     ${files.join(', ')} (from examples/, ready to run)
  State:         ${shown} (npm start -- --reset to start afresh)
  Logs:          ${relative(ROOT, n8n.logs)}
Press Ctrl+C to stop.`);
	const stop = async () => {
		await server.stop();
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

const CREDENTIALS = {
	apiToken: { id: 'demoOktaToken001', name: 'Okta sandbox (API token)' },
	serviceApp: { id: 'demoOktaService01', name: 'Okta sandbox (service app)' },
};

interface StartState {
	owner: { email: string; password: string; firstName: string; lastName: string };
	sandboxToken: string;
}

/** The owner account and sandbox token of this state folder: made on first run, the same afterwards. */
function loadState(stateDir: string): StartState {
	const file = join(stateDir, 'start-state.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StartState;
	mkdirSync(stateDir, { recursive: true });
	return {
		// n8n's owner setup wants 8+ characters with a number and a capital letter.
		owner: { email: 'owner@example.com', password: `Demo-${randomBytes(6).toString('hex')}-A1`, firstName: 'Demo', lastName: 'Owner' },
		sandboxToken: `demo-${randomBytes(16).toString('hex')}`,
	};
}

function phase(text: string): void {
	console.log(`[npm start] ${text}`);
}

function valueOf(args: string[], flag: string): string | undefined {
	const index = args.indexOf(flag);
	return index >= 0 ? args[index + 1] : undefined;
}

async function isFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

async function choosePort(requested: string | undefined): Promise<number> {
	if (requested !== undefined) {
		const port = Number(requested);
		if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, not ${requested}`);
		if (!(await isFree(port))) throw new Error(`--port ${port}: something else listens on 127.0.0.1:${port}; choose another port`);
		return port;
	}
	if (await isFree(DEFAULT_PORT)) return DEFAULT_PORT;
	for (let port = DEFAULT_PORT + 1; port < DEFAULT_PORT + 100; port++) {
		if (await isFree(port)) {
			phase(`Port ${DEFAULT_PORT} (n8n's usual port) is taken by another program, so n8n uses ${port}. Choose one with npm start -- --port <n>.`);
			return port;
		}
	}
	throw new Error(`ports ${DEFAULT_PORT}-${DEFAULT_PORT + 99} are all taken; choose one with npm start -- --port <n>`);
}

async function run(command: string, args: string[], cwd: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: 'inherit' });
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code})`))));
	});
}

/**
 * The pinned n8n, installed by test/e2e/install-n8n.sh on first run. The script is quiet for minutes while npm
 * works, so a line at least every 15 s says how far it is (packages unpacked so far) and what to expect.
 */
async function installN8n(root: string, n8nDir: string): Promise<void> {
	const started = Date.now();
	let lastLine = 'checking the n8n install';
	const ticker = setInterval(() => {
		const modules = join(n8nDir, 'node_modules');
		const unpacked = existsSync(modules) ? readdirSync(modules).length : 0;
		const seconds = Math.round((Date.now() - started) / 1000);
		const doing = lastLine.includes('rebuild') ? 'building n8n\'s native modules' : unpacked ? `npm has unpacked ${unpacked} packages` : lastLine;
		phase(`Installing n8n (first run only): ${Math.floor(seconds / 60)} min ${seconds % 60} s so far, ${doing}. The first run takes ${FIRST_INSTALL}; later runs skip this.`);
	}, PROGRESS_EVERY_MS);
	try {
		await new Promise<void>((resolve, reject) => {
			const child = spawn('bash', [join(root, 'test', 'e2e', 'install-n8n.sh')], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
			child.stderr.on('data', (chunk: Buffer) => {
				process.stderr.write(chunk);
				lastLine = chunk.toString().trim().split('\n').pop() ?? lastLine;
			});
			child.once('error', reject);
			child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`installing n8n failed (exit ${code}): ${lastLine}`))));
		});
	} finally {
		clearInterval(ticker);
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
