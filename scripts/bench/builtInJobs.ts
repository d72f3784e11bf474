import { installPackage, uniqueRunId, type N8nFolder } from '../../test/e2e/lib/n8n';
import { chainWorkflow } from '../../test/e2e/lib/workflow';
import type { Sandbox } from '../../test/sandbox';
import { duplicateLogins, measure, type JobFigures } from './measure';

/**
 * n8n's built-in Okta node (n8n-nodes-base.okta, API-token credential `oktaApi`) doing the same Return All and
 * creates inside the pinned real n8n, against the same in-process sandbox. A job that does not end by the
 * cut-off is stopped, and what it did by then is counted from the sandbox's request log.
 */

const BUILT_IN = 'n8n-nodes-base.okta';
const credential = { type: 'oktaApi', id: 'benchBuiltInOkta', name: 'Okta (built-in node)' };

export async function prepareBuiltIn(sandbox: Sandbox): Promise<N8nFolder> {
	const folder = await installPackage(uniqueRunId('bench'));
	await folder.importCredentials([{ ...credential, data: { url: sandbox.baseUrl, accessToken: sandbox.apiToken } }]);
	return folder;
}

async function execute(folder: N8nFolder, name: string, nodes: Parameters<typeof chainWorkflow>[1], cutoffMs: number) {
	const { id, workflow } = chainWorkflow(name, nodes);
	await folder.importWorkflow(workflow);
	try {
		const result = await folder.executeWorkflow(id, { timeoutMs: cutoffMs });
		return { ended: true, ok: result.ok && !result.error, error: result.error, items: result.items };
	} catch (error) {
		return { ended: false, ok: false, error: (error as Error).message.split('\n')[0], items: {} as Record<string, Array<Record<string, unknown>>> };
	}
}

export async function builtInReturnAll(folder: N8nFolder, sandbox: Sandbox, cutoffMs: number): Promise<JobFigures> {
	let note = '';
	const figures = await measure(sandbox, async () => {
		const run = await execute(folder, 'Built-in Okta: Return All', [{ name: 'Okta', type: BUILT_IN, credential, parameters: { resource: 'user', operation: 'getAll', returnAll: true, simplify: false } }], cutoffMs);
		const returned = run.items.Okta?.length ?? 0;
		const distinct = new Set((run.items.Okta ?? []).map((item) => item.id)).size;
		note = run.ended ? `${returned.toLocaleString('en')} items, ${distinct.toLocaleString('en')} distinct users${run.error ? `; error: ${run.error}` : ''}` : `did not end within ${cutoffMs / 1000} s; stopped`;
		return { failedItems: run.ended && run.ok && distinct === sandbox.state.users.size ? 0 : 'job failed', duplicates: '—' };
	});
	return { job: `Return All over ${sandbox.state.users.size.toLocaleString('en')} users`, mode: 'n8n built-in Okta node', ...figures, duplicates: '—', note };
}

export async function builtInCreates(folder: N8nFolder, sandbox: Sandbox, n: number, cutoffMs: number, windowMs: number): Promise<JobFigures> {
	const run = `n${Date.now().toString(36)}`;
	let note = '';
	const before = sandbox.state.users.size;
	const figures = await measure(sandbox, async () => {
		const result = await execute(
			folder,
			'Built-in Okta: creates',
			[
				{ name: 'Items', type: 'n8n-nodes-base.code', parameters: { jsCode: `return Array.from({ length: ${n} }, (_, index) => ({ json: { login: '${run}-' + index + '@bench.example.com', index } }));` } },
				{ name: 'Okta', type: BUILT_IN, credential, parameters: { resource: 'user', operation: 'create', firstName: 'Bench', lastName: '={{ $json.index }}', login: '={{ $json.login }}', email: '={{ $json.login }}', activate: false } },
			],
			cutoffMs,
		);
		const created = sandbox.state.users.size - before;
		note = result.ended ? `${created} created${result.error ? `; the workflow failed: ${result.error}` : ''}` : `did not end within ${cutoffMs / 1000} s; ${created} created by then`;
		return { failedItems: n - created, duplicates: duplicateLogins(sandbox) };
	}, windowMs);
	return { job: `Create ${n} users`, mode: 'n8n built-in Okta node', ...figures, note };
}
