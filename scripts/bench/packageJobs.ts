import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { executeNode } from '../../test/helpers/n8n';
import type { Sandbox } from '../../test/sandbox';
import { duplicateLogins, measure, type JobFigures } from './measure';

// The built package, as n8n loads it (`npm run bench` builds first).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OktaDirectory } = require('../../dist/nodes/Okta/OktaDirectory.node.js') as typeof import('../../nodes/Okta/OktaDirectory.node');

/**
 * This package's Okta Directory node, run through n8n-core's real execution context (as in the tests) on many
 * input items, against the sandbox.
 */

async function runNode(sandbox: Sandbox, parameters: IDataObject, items: INodeExecutionData[], concurrency: number) {
	const { output } = await executeNode({
		node: new OktaDirectory(),
		parameters: { ...parameters, requestOptions: { concurrency } },
		items,
		continueOnFail: true,
		credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } },
	});
	const results = output[0];
	// Output order and pairing must be exactly as sequential execution would give.
	results.forEach((item, index) => {
		if ((item.pairedItem as { item: number }).item !== index) throw new Error(`output ${index} is paired with input ${JSON.stringify(item.pairedItem)}`);
	});
	return results;
}

const failed = (results: INodeExecutionData[]) => results.filter((item) => item.json.error !== undefined).length;

export async function returnAll(sandbox: Sandbox, mode: string): Promise<JobFigures> {
	let count = 0;
	const figures = await measure(sandbox, async () => {
		const { output } = await executeNode({
			node: new OktaDirectory(),
			parameters: { resource: 'user', operation: 'getMany', returnAll: true },
			credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } },
		});
		count = output[0].length;
		return { failedItems: count === sandbox.state.users.size ? 0 : `${count} of ${sandbox.state.users.size} users returned`, duplicates: '—' };
	});
	return { job: `Return All over ${sandbox.state.users.size.toLocaleString('en')} users`, mode, ...figures, duplicates: '—', note: `${count.toLocaleString('en')} users returned` };
}

/** Create `n` users, add each to a group, then delete them (deactivate + delete): three jobs, as three nodes in a row. */
export async function perItemJobs(sandbox: Sandbox, n: number, concurrency: number, mode: string, windowMs: number): Promise<JobFigures[]> {
	const run = `b${Date.now().toString(36)}`;
	const logins = Array.from({ length: n }, (_, index) => `${run}-${index}@bench.example.com`);
	const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP');
	if (!group) throw new Error('the sandbox has no OKTA_GROUP');
	let userIds: string[] = [];

	const create = await measure(sandbox, async () => {
		const results = await runNode(
			sandbox,
			{ resource: 'user', operation: 'create', login: '={{ $json.login }}', email: '={{ $json.login }}', firstName: 'Bench', lastName: '={{ $json.index }}', activation: 'stage' },
			logins.map((login, index) => ({ json: { login, index } })),
			concurrency,
		);
		userIds = results.map((item) => String(item.json.id));
		return { failedItems: failed(results), duplicates: duplicateLogins(sandbox) };
	}, windowMs);
	const add = await measure(sandbox, async () => {
		const results = await runNode(
			sandbox,
			{ resource: 'group', operation: 'addUser', groupId: { __rl: true, mode: 'id', value: group.id }, userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			userIds.map((id) => ({ json: { id } })),
			concurrency,
		);
		const members = sandbox.state.memberships.get(group.id) ?? new Set<string>();
		const missing = userIds.filter((id) => !members.has(id)).length;
		return { failedItems: failed(results) + missing, duplicates: 0 };
	}, windowMs);
	const remove = await measure(sandbox, async () => {
		const results = await runNode(
			sandbox,
			{ resource: 'user', operation: 'delete', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, deleteMode: 'permanent' },
			userIds.map((id) => ({ json: { id } })),
			concurrency,
		);
		const left = userIds.filter((id) => sandbox.state.users.has(id)).length;
		return { failedItems: failed(results) + left, duplicates: 0 };
	}, windowMs);
	return [
		{ job: `Create ${n} users`, mode, ...create },
		{ job: `Add ${n} users to a group`, mode, ...add },
		{ job: `Delete ${n} users (deactivate + delete)`, mode, ...remove },
	];
}
