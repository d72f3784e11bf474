/**
 * Sandbox speed, printed as figures (not a test): seeding 10,000 users, and serving a 200-user page with
 * request and response validation against the spec. Run with `npm run bench:sandbox`.
 */
import { emptyState } from './context';
import { startSandbox } from './index';
import { seedState } from './seed';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

async function main(): Promise<void> {
	const seedTimes: number[] = [];
	for (let run = 0; run < 5; run++) {
		const state = emptyState();
		const started = performance.now();
		seedState(state, { users: 10_000 });
		seedTimes.push(performance.now() - started);
	}

	const sandbox = await startSandbox({ seed: { users: 10_000 }, validateResponses: true });
	const headers = { authorization: `SSWS ${sandbox.apiToken}` };
	const pageTimes: number[] = [];
	let next: string | undefined = `${sandbox.baseUrl}/api/v1/users?limit=200`;
	for (let i = 0; i < 10; i++) await (await fetch(`${sandbox.baseUrl}/api/v1/users?limit=200`, { headers })).arrayBuffer();
	let pages = 0;
	while (next) {
		const started = performance.now();
		const response: Response = await fetch(next, { headers });
		const body = (await response.json()) as unknown[];
		pageTimes.push(performance.now() - started);
		if (body.length !== 200) throw new Error(`page of ${body.length}`);
		pages++;
		next = /<([^>]+)>; rel="next"/.exec(String(response.headers.get('link')))?.[1];
	}
	const invalid = sandbox.requestLog.filter((entry) => entry.validation !== 'passed' || entry.responseValidation).length;
	await sandbox.close();

	console.log('| measure | median | p90 | target |');
	console.log('|---|---|---|---|');
	console.log(`| seed 10,000 users (5 runs) | ${median(seedTimes).toFixed(0)} ms | ${percentile(seedTimes, 0.9).toFixed(0)} ms | < 2000 ms |`);
	console.log(`| 200-user page, request + response validated (${pages} pages) | ${median(pageTimes).toFixed(1)} ms | ${percentile(pageTimes, 0.9).toFixed(1)} ms | < 20 ms median |`);
	console.log(`validation failures during the run: ${invalid}`);
}

void main();
