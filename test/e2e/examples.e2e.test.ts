import { exampleFiles, loadExample, type Example } from './lib/examples';
import { installPackage, startN8n, stopN8n, uniqueRunId, type N8nFolder, type N8nServer } from './lib/n8n';
import { waitFor } from './lib/processes';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';

/**
 * Every workflow in examples/ (whatever files are there now) imported into a real n8n, as `npm start` imports
 * them, against the sandbox's demo data: the ones a Manual Trigger starts run green with `n8n execute` on a
 * freshly reset org, and the others (Schedule, event hook) are published and must be active in a running n8n
 * (the event-hook trigger registers and verifies its hook in the sandbox). One n8n folder and one sandbox for all.
 */

const credential = { type: 'oktaDirectoryApiTokenApi', id: 'demoOktaToken001', name: 'Okta sandbox (API token)' };
const examples: Example[] = exampleFiles().map((file) => loadExample(file, credential.type, credential));
const manual = examples.filter((example) => example.runsManually);
const activated = examples.filter((example) => !example.runsManually);

let n8n: N8nFolder;
let sandbox: SandboxProcess;
let server: N8nServer | undefined;

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('examples'));
	sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'demo']);
	await n8n.importCredentials([{ ...credential, data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } }]);
	for (const example of examples) await n8n.importWorkflow(example.workflow);
}, 900_000);

afterAll(async () => {
	await stopN8n(server);
	await sandbox?.stop();
});

it('finds the examples', () => {
	expect(examples.map((example) => example.file)).toEqual(expect.arrayContaining(['onboarding.json', 'changed-users-sync.json']));
});

describe.each(manual.map((example) => [example.file, example] as const))('%s', (_file, example) => {
	it('runs green on a fresh demo org, every node with output, and every Okta request accepted', async () => {
		await sandbox.reset();
		await sandbox.clearRequests();
		const run = await n8n.executeWorkflow(example.workflow.id);
		expect({ ok: run.ok, error: run.error }).toEqual({ ok: true, error: undefined });
		// Sticky notes are annotations: n8n never runs them.
		const empty = example.workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').map((node) => node.name).filter((name) => !(run.items[name]?.length));
		expect({ nodesWithoutItems: empty }).toEqual({ nodesWithoutItems: [] });
		const requests = await sandbox.requests<Array<{ method: string; path: string; status: number }>>();
		expect(requests.length).toBeGreaterThan(0);
		expect(requests.filter((entry) => entry.status >= 400).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([]);
	});
});

if (activated.length > 0) {
	it(`activates ${activated.map((example) => example.file).join(', ')} in a running n8n`, async () => {
		await sandbox.reset();
		for (const example of activated) await n8n.publishWorkflow(example.workflow.id);
		// n8n start with three published workflows needed over 120 s on the shared 2-core machine (measured).
		server = await startN8n(n8n, { owner: true, timeoutMs: 300_000 });
		const hookTriggers = activated.filter((example) => example.trigger.type === 'n8n-nodes-okta.oktaEventHookTrigger');
		const hooks = await waitFor(
			`${hookTriggers.length} verified event hooks in the sandbox`,
			async () => {
				const state = await sandbox.state<{ eventHooks: Array<{ status: string; verificationStatus: string }> }>();
				const ready = state.eventHooks.filter((hook) => hook.status === 'ACTIVE' && hook.verificationStatus === 'VERIFIED');
				return ready.length >= hookTriggers.length ? ready : undefined;
			},
			{ timeoutMs: 120_000, intervalMs: 1000, hint: `logs: ${n8n.logs}` },
		);
		expect(hooks).toHaveLength(hookTriggers.length);
		const active = await server.rest<Array<{ id: string; active: boolean }>>('GET', '/rest/workflows');
		for (const example of activated) expect({ id: example.workflow.id, active: active.find((workflow) => workflow.id === example.workflow.id)?.active }).toEqual({ id: example.workflow.id, active: true });
	});
}
