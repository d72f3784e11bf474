/**
 * Sandbox speed, printed as figures (a benchmark, not a test): seeding 10,000 users, and serving 200-user pages
 * with the request and the response both validated against the spec. Run with `npm run bench:sandbox`.
 * Targets from the issue: seeding 10,000 users under 2 s; a validated 200-user page under 20 ms median.
 */
import { emptyState } from './context';
import { startSandbox } from './index';
import { seedState } from './seed';

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)];
const p90 = (values: number[]) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * 0.9))];
const row = (measure: string, values: number[], target: string, digits = 1) => `| ${measure} | ${median(values).toFixed(digits)} ms | ${p90(values).toFixed(digits)} ms | ${target} |`;

async function main(): Promise<void> {
	const seedTimes: number[] = [];
	for (let run = 0; run < 5; run++) {
		const state = emptyState();
		const started = performance.now();
		seedState(state, { users: 10_000 });
		seedTimes.push(performance.now() - started);
	}
	// The whole start, as a test pays it: key generation, seeding, express, listening.
	const startTimes: number[] = [];
	for (let run = 0; run < 3; run++) {
		const started = performance.now();
		const sandbox = await startSandbox({ seed: { users: 10_000 } });
		startTimes.push(performance.now() - started);
		await sandbox.close();
	}

	const sandbox = await startSandbox({ seed: { users: 10_000, groups: 5 }, validateResponses: true });
	const headers = { authorization: `SSWS ${sandbox.apiToken}` };
	const walk = async (first: string, pages: number) => {
		const clientTimes: number[] = [];
		let next: string | undefined = first;
		while (next && clientTimes.length < pages) {
			const started = performance.now();
			const response: Response = await fetch(next, { headers });
			const body = (await response.json()) as unknown[];
			clientTimes.push(performance.now() - started);
			if (response.status !== 200 || body.length === 0) throw new Error(`HTTP ${response.status}, ${body.length} items`);
			next = /<([^>]+)>; rel="next"/.exec(String(response.headers.get('link')))?.[1];
		}
		return clientTimes;
	};
	await walk(`${sandbox.baseUrl}/api/v1/users?limit=200`, 10); // warm-up: JIT, validator compilation
	sandbox.requestLog.length = 0;
	const pageTimes = await walk(`${sandbox.baseUrl}/api/v1/users?limit=200`, 50);
	const serverTimes = sandbox.requestLog.map((entry) => entry.durationMs ?? 0);
	const searchTimes = await walk(`${sandbox.baseUrl}/api/v1/users?limit=200&search=${encodeURIComponent('profile.department eq "IT" and status eq "ACTIVE"')}`, 10);
	const everyone = [...sandbox.state.groups.values()].find((group) => group.type === 'BUILT_IN')!;
	const memberTimes = await walk(`${sandbox.baseUrl}/api/v1/groups/${everyone.id}/users`, 10);
	const invalid = sandbox.requestLog.filter((entry) => entry.validation !== 'passed' || entry.responseValidation).length;
	await sandbox.close();

	console.log(`Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
	console.log('| measure | median | p90 | target |');
	console.log('|---|---|---|---|');
	console.log(row('seed 10,000 users (seedState, 5 runs)', seedTimes, '< 2000 ms', 0));
	console.log(row('startSandbox with 10,000 users (3 runs)', startTimes, '', 0));
	console.log(row(`200-user page, request + response validated, at the client (${pageTimes.length} pages)`, pageTimes, '< 20 ms median'));
	console.log(row('the same pages inside the sandbox (request log durationMs)', serverTimes, ''));
	console.log(row(`200-user page of a search (${searchTimes.length} pages)`, searchTimes, ''));
	console.log(row(`1000-member page of Everyone (${memberTimes.length} pages)`, memberTimes, ''));
	console.log(`validation failures during the run: ${invalid}`);
}

void main();
