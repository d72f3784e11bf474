import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { installPackage, parseRunJson, uniqueRunId, type N8nFolder } from './lib/n8n';
import { startSandboxProcess } from './lib/sandbox';
import { WorkflowBuilder } from './lib/workflow';

/**
 * The harness itself, with n8n's own nodes only: `n8n execute` results are parsed on success and on failure,
 * and every process the harness starts (n8n's task runner included) is gone after stop().
 */

let n8n: N8nFolder;

/** The pids of a process group, none when it is gone. */
function groupMembers(pgid: number): number[] {
	const table = execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' });
	return table
		.split('\n')
		.map((line) => line.trim().split(/\s+/).map(Number))
		.filter(([, group]) => group === pgid)
		.map(([pid]) => pid);
}

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('harness'));
}, 600_000);

describe('the e2e harness', () => {
	it('runs a workflow headlessly and returns each node\'s items', async () => {
		const { id, workflow } = new WorkflowBuilder('harness: items')
			.manualTrigger()
			.node('Code', 'n8n-nodes-base.code', { jsCode: 'return [1, 2, 3].map((n) => ({ json: { n, square: n * n } }));' }, { typeVersion: 2 })
			.node('Set', 'n8n-nodes-base.set', { assignments: { assignments: [{ id: 'a1', name: 'label', type: 'string', value: '={{ "item " + $json.n }}' }] }, includeOtherFields: true }, { typeVersion: 3.4 })
			.chain('Start', 'Code', 'Set')
			.build();
		await n8n.importWorkflow(workflow);
		const started = Date.now();
		const result = await n8n.executeWorkflow(id);
		process.stderr.write(`e2e: one n8n execute took ${Date.now() - started} ms\n`);
		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
		expect(result.items.Set).toEqual([
			{ n: 1, square: 1, label: 'item 1' },
			{ n: 2, square: 4, label: 'item 2' },
			{ n: 3, square: 9, label: 'item 3' },
		]);
		expect(existsSync(result.log)).toBe(true);
	});

	it('returns a failed run with its error instead of throwing', async () => {
		const { id, workflow } = new WorkflowBuilder('harness: failure')
			.manualTrigger()
			.node('Fail', 'n8n-nodes-base.code', { jsCode: "throw new Error('harness failure on purpose');" }, { typeVersion: 2 })
			.chain('Start', 'Fail')
			.build();
		await n8n.importWorkflow(workflow);
		const result = await n8n.executeWorkflow(id);
		expect(result.ok).toBe(false);
		expect(result.error).toContain('harness failure on purpose');
		expect(result.raw.data.resultData.runData.Fail[0].error?.message).toContain('harness failure on purpose');
	});

	it('parses n8n execute output with log lines around the JSON', () => {
		expect(parseRunJson('Loading...\n{"data":{"resultData":{"runData":{}}}}\n')).toEqual({ data: { resultData: { runData: {} } } });
		expect(parseRunJson('info line\n{\n  "data": {\n    "resultData": { "runData": {} }\n  }\n}\nError executing workflow\n{ not json')).toEqual({ data: { resultData: { runData: {} } } });
		expect(parseRunJson('no json at all')).toBeUndefined();
	});

	it('stops the sandbox process and everything in its process group', async () => {
		const sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'empty']);
		expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect((await sandbox.state<{ users: unknown[] }>()).users).toEqual([]);
		expect(groupMembers(sandbox.process.pid).length).toBeGreaterThan(0);
		await sandbox.stop();
		expect(sandbox.process.running()).toBe(false);
		expect(groupMembers(sandbox.process.pid)).toEqual([]);
		await expect(fetch(`${sandbox.baseUrl}/__sandbox/state`)).rejects.toThrow();
	});
});
