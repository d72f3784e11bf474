import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { connect } from 'node:net';

import { freePort, runCommand, spawnManaged, waitFor, type ManagedProcess } from './processes';

/**
 * Redis and PostgreSQL from Debian's packages for n8n's queue mode, each on 127.0.0.1 with a free port, its data
 * under the run folder and its process in its own group (stopped with the rest by lib/processes.ts).
 * `.ci/system-packages.sh` installs them.
 */

export interface Service {
	port: number;
	process: ManagedProcess;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	user: string;
	database: string;
	/** Runs one SQL statement with psql and returns its rows, one line each, columns separated by '|'. */
	query(sql: string): string[];
}

async function portOpen(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

export async function startRedis(dir: string, logs: string): Promise<Service> {
	const port = await freePort();
	mkdirSync(dir, { recursive: true });
	const log = join(logs, 'redis.log');
	const managed = spawnManaged('redis-server', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { cwd: dir, log });
	await waitFor('Redis to listen', async () => ((await portOpen(port)) ? true : undefined), { timeoutMs: 30_000, hint: `log: ${log}`, abort: () => (managed.running() ? undefined : 'redis-server exited') });
	return { port, process: managed, stop: async () => await managed.stop(10_000) };
}

function postgresBin(name: string): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	for (const version of versions) {
		const bin = join(root, version, 'bin', name);
		if (existsSync(bin)) return bin;
	}
	throw new Error(`PostgreSQL's ${name} not found under ${root}: apt-get install postgresql (.ci/system-packages.sh)`);
}

/** PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export async function startPostgres(dir: string, logs: string): Promise<Postgres> {
	const port = await freePort();
	const data = join(dir, 'data');
	mkdirSync(dir, { recursive: true });
	if (process.getuid?.() === 0) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		chownSync(dir, uid, gid);
		chmodSync(dir, 0o700);
	}
	const user = 'n8n';
	const database = 'postgres';
	const [initdb, initArgs] = asPostgresUser(postgresBin('initdb'), ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--no-instructions']);
	await runCommand('initdb', initdb, initArgs, { cwd: dir, log: join(logs, 'postgres-initdb.log'), timeoutMs: 120_000 });
	const log = join(logs, 'postgres.log');
	const [postgres, args] = asPostgresUser(postgresBin('postgres'), ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off', '-c', 'full_page_writes=off']);
	const managed = spawnManaged('postgres', postgres, args, { cwd: dir, log });
	await waitFor('PostgreSQL to listen', async () => ((await portOpen(port)) ? true : undefined), { timeoutMs: 60_000, hint: `log: ${log}`, abort: () => (managed.running() ? undefined : 'postgres exited') });
	const query = (sql: string) =>
		execFileSync(postgresBin('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { timeout: 30_000 })
			.toString()
			.split('\n')
			.filter((line) => line !== '');
	return { port, user, database, process: managed, query, stop: async () => await managed.stop(20_000) };
}
