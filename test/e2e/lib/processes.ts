import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/**
 * Child processes for the end-to-end suite. Each one runs in its own process group with its output in a log
 * file, and cannot outlive the suite: stop() ends the whole group (n8n starts task-runner children), an exit
 * handler kills what is left when the test process exits, and a small watchdog kills the group if the test
 * process dies without running handlers (SIGKILL, a crash, a CI timeout).
 */

export interface ManagedProcess {
	name: string;
	pid: number;
	child: ChildProcess;
	/** The file that stdout and stderr go to. */
	log: string;
	/** Resolves with the exit code (null when ended by a signal) once the process has exited. */
	exited: Promise<number | null>;
	running(): boolean;
	/** SIGTERM to the group, SIGKILL after graceMs; resolves once the process has exited. Safe to call twice. */
	stop(graceMs?: number): Promise<void>;
}

const live = new Map<number, ManagedProcess>();
let exitHandlerInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone already
	}
}

function installExitHandler(): void {
	if (exitHandlerInstalled) return;
	exitHandlerInstalled = true;
	process.on('exit', () => {
		for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
	});
}

/** Kills the group `pgid` once the test process (this pid) is gone; exits by itself when the group ends first. */
function watchdog(pgid: number): ChildProcess {
	const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 -${pgid} 2>/dev/null; do sleep 1; done; kill -TERM -${pgid} 2>/dev/null; sleep 5; kill -KILL -${pgid} 2>/dev/null; exit 0`;
	const dog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
	dog.unref();
	return dog;
}

export function openLog(file: string): WriteStream {
	mkdirSync(dirname(file), { recursive: true });
	return createWriteStream(file, { flags: 'a' });
}

export interface SpawnOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Where stdout and stderr go (appended). */
	log: string;
	/** Also receives stdout, e.g. to read a JSON line the process prints. */
	onStdout?: (chunk: string) => void;
	onStderr?: (chunk: string) => void;
}

export function spawnManaged(name: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
	installExitHandler();
	const log = openLog(options.log);
	log.write(`\n$ ${command} ${args.join(' ')}\n`);
	const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
	const pid = child.pid;
	const write = (chunk: Buffer | string) => {
		if (!log.writableEnded) log.write(chunk);
	};
	child.stdout!.on('data', (chunk: Buffer) => {
		write(chunk);
		options.onStdout?.(chunk.toString());
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		write(chunk);
		options.onStderr?.(chunk.toString());
	});
	const dog = watchdog(pid);
	let exitCode: number | null | undefined;
	const exited = new Promise<number | null>((resolve) => {
		let finished = false;
		// After 'exit', output may still be in the pipes: the log is closed and the promise resolved on 'close',
		// or shortly after 'exit' if something in the group held the pipes open.
		const finish = () => {
			if (finished) return;
			finished = true;
			log.end(`\n[${name} exited with ${exitCode}]\n`);
			resolve(exitCode ?? null);
		};
		const exit = (code: number | null) => {
			if (exitCode !== undefined) return;
			exitCode = code;
			live.delete(pid);
			// Whatever the process left behind in its group goes with it.
			killGroup(pid, 'SIGKILL');
			try {
				dog.kill('SIGKILL');
			} catch {
				// already gone
			}
			setTimeout(finish, 2_000).unref();
		};
		child.once('exit', (code) => exit(code));
		child.once('close', (code: number | null) => {
			exit(code);
			finish();
		});
		child.once('error', (error) => {
			write(`\n[${name} failed to start: ${error.message}]\n`);
			exit(null);
			finish();
		});
	});
	const managed: ManagedProcess = {
		name,
		pid,
		child,
		log: options.log,
		exited,
		running: () => exitCode === undefined,
		async stop(graceMs = 15_000) {
			if (exitCode !== undefined) return;
			killGroup(pid, 'SIGTERM');
			const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
			let giveUp: NodeJS.Timeout | undefined;
			const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (giveUp = setTimeout(() => resolve(false), graceMs + 5_000)))]);
			clearTimeout(timer);
			clearTimeout(giveUp);
			if (!stopped) throw new Error(`${name} (pid ${pid}) did not exit after SIGKILL (log: ${options.log})`);
		},
	};
	live.set(pid, managed);
	return managed;
}

export interface CommandResult {
	code: number | null;
	stdout: string;
	/** stdout and stderr interleaved as they came. */
	output: string;
}

/**
 * Runs a command to completion in its own process group, with a timeout. Rejects with the log path when it
 * times out, or when it exits non-zero unless allowFailure is set.
 */
export async function runCommand(name: string, command: string, args: string[], options: Omit<SpawnOptions, 'onStdout' | 'onStderr'> & { timeoutMs: number; allowFailure?: boolean }): Promise<CommandResult> {
	let stdout = '';
	let output = '';
	const managed = spawnManaged(name, command, args, {
		...options,
		onStdout: (chunk) => {
			stdout += chunk;
			output += chunk;
		},
		onStderr: (chunk) => (output += chunk),
	});
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void managed.stop(5_000).catch(() => undefined);
	}, options.timeoutMs);
	const code = await managed.exited;
	clearTimeout(timer);
	if (timedOut) throw new Error(`${name} timed out after ${Math.round(options.timeoutMs / 1000)} s (log: ${options.log})`);
	if (code !== 0 && !options.allowFailure) throw new Error(`${name} exited with ${code} (log: ${options.log})`);
	return { code, stdout, output };
}

/** Ends every process this module started that is still running. */
export async function stopAll(): Promise<void> {
	await Promise.all([...live.values()].map(async (managed) => await managed.stop(5_000).catch(() => undefined)));
}

export const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/**
 * Polls probe until it returns something other than undefined. Throws after timeoutMs with `what` and the
 * hint (a log path), or at once when abort() says the thing waited on is gone (e.g. its process exited).
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, options: { timeoutMs: number; intervalMs?: number; hint?: string; abort?: () => string | undefined }): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	const hint = options.hint ? ` (${options.hint})` : '';
	let lastError: unknown;
	for (;;) {
		const reason = options.abort?.();
		if (reason) throw new Error(`gave up waiting for ${what}: ${reason}${hint}`);
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() >= deadline) break;
		await sleep(options.intervalMs ?? 250);
	}
	const last = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
	throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${what}${last}${hint}`);
}
