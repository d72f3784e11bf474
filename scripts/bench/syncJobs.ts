import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { executeNode } from '../../test/helpers/n8n';
import type { Sandbox } from '../../test/sandbox';
import { duplicateLogins, measure, type JobFigures } from './measure';

// The built package, as n8n loads it (`npm run bench` builds first).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OktaDirectory } = require('../../dist/nodes/Okta/OktaDirectory.node.js') as typeof import('../../nodes/Okta/OktaDirectory.node');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SEARCH_BATCH } = require('../../dist/nodes/Okta/actions/batchLookup.js') as typeof import('../../nodes/Okta/actions/batchLookup');

/**
 * The two sync jobs of issue 15, each done with the sync operation and the naive way (per-item Get, then
 * write: what a Get Members → Compare Datasets → Add User / Remove User workflow does), on the same data.
 */

async function run(sandbox: Sandbox, parameters: IDataObject, items: INodeExecutionData[], concurrency: number): Promise<IDataObject[]> {
	const { output } = await executeNode({
		node: new OktaDirectory(),
		parameters: { ...parameters, requestOptions: { concurrency } },
		items,
		continueOnFail: true,
		credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } },
	});
	return output[0].map((item) => item.json);
}

const loginOf = (sandbox: Sandbox, id: string) => String(sandbox.state.users.get(id)!.profile.login);
const writesIn = (sandbox: Sandbox) => sandbox.requestLog.filter((entry) => entry.method !== 'GET' && entry.status !== 429).length;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export interface SyncFigures extends JobFigures {
	/** The request budget for the job. */
	budget?: number;
	/** Admitted writes (non-GET requests). */
	writes: number;
}

/**
 * Set Members on a group of `size` members: 1% new, 1% gone, the rest kept, matched by login. The sandbox
 * must hold `size` + 1% users, all in its one OKTA_GROUP; the last 1% are taken out of it first.
 */
export async function setMembersJobs(sandbox: Sandbox, concurrency: number, windowMs: number, withNaive = true): Promise<SyncFigures[]> {
	const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!;
	const members = sandbox.state.memberships.get(group.id)!;
	const all = [...members];
	const change = Math.round(all.length / 101);
	const outsiders = all.slice(all.length - change);
	for (const id of outsiders) members.delete(id);
	const current = [...members];
	const gone = current.slice(0, change);
	const source = [...current.slice(change), ...outsiders].map((id) => loginOf(sandbox, id));
	const expected = new Set([...current.slice(change), ...outsiders]);
	const snapshot = [...members];
	const check = () => {
		const now = sandbox.state.memberships.get(group.id)!;
		const wrong = [...expected].filter((id) => !now.has(id)).length + [...now].filter((id) => !expected.has(id)).length;
		return { failedItems: wrong, duplicates: 0 };
	};
	const pages = Math.ceil(current.length / 1000);
	// The budget (member pages + searches + writes), plus the one group read that refuses APP_GROUP and BUILT_IN up front.
	const budget = 1 + pages + Math.ceil(change / SEARCH_BATCH.maxTerms) + 2 * change;
	const job = `Set Members, ${current.length.toLocaleString('en')} members: ${change} new, ${change} gone, ${(current.length - change).toLocaleString('en')} kept`;

	const sync = await measure(sandbox, async () => {
		const [result] = await run(
			sandbox,
			{ resource: 'group', operation: 'setMembers', groupId: byId(group.id), members: '={{ $json.logins }}', maxRemovals: change, maxRemovalPercent: 5 },
			[{ json: { logins: source } }],
			concurrency,
		);
		if (result.error) throw new Error(String(result.error));
		return check();
	}, windowMs);
	const syncWrites = writesIn(sandbox);
	const syncRow: SyncFigures = { job, mode: `Set Members, concurrency ${concurrency}`, ...sync, budget, writes: syncWrites, note: `budget ${budget}: 1 group read + ${pages} member pages + ${Math.ceil(change / SEARCH_BATCH.maxTerms)} searches + ${2 * change} writes` };
	if (!withNaive) return [syncRow];

	// Back to the start, then the naive way.
	sandbox.state.memberships.set(group.id, new Set(snapshot));
	const naive = await measure(sandbox, async () => {
		const listed = await run(sandbox, { resource: 'group', operation: 'getMembers', groupId: byId(group.id), returnAll: true, simplify: true }, [{ json: {} }], concurrency);
		// Compare Datasets, in the workflow itself.
		const memberLogins = new Set(listed.map((entry) => String(entry.login ?? (entry.profile as IDataObject | undefined)?.login).toLowerCase()));
		const wanted = new Set(source.map((login) => login.toLowerCase()));
		const toAdd = source.filter((login) => !memberLogins.has(login.toLowerCase()));
		const toRemove = listed.filter((entry) => !wanted.has(String(entry.login ?? (entry.profile as IDataObject | undefined)?.login).toLowerCase()));
		await run(sandbox, { resource: 'group', operation: 'addUser', groupId: byId(group.id), userId: { __rl: true, mode: 'login', value: '={{ $json.login }}' } }, toAdd.map((login) => ({ json: { login } })), concurrency);
		await run(sandbox, { resource: 'group', operation: 'removeUser', groupId: byId(group.id), userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, toRemove.map((entry) => ({ json: { id: entry.id } })), concurrency);
		return check();
	}, windowMs);
	const naiveWrites = writesIn(sandbox);
	return [
		syncRow,
		{ job, mode: `naive (Get Members, per-user Get, Add/Remove User), concurrency ${concurrency}`, ...naive, writes: naiveWrites, note: `${gone.length} removed` },
	];
}

/**
 * Create or Update on `items` rows: 10% new, 10% changed, 80% unchanged. The sandbox must hold at least 90%
 * of `items` users.
 */
export async function createOrUpdateJobs(sandbox: Sandbox, items: number, concurrency: number, windowMs: number, withNaive = true): Promise<SyncFigures[]> {
	const existing = [...sandbox.state.users.values()].slice(0, Math.round(items * 0.9));
	const changed = Math.round(items * 0.1);
	const rows = (tag: string) => [
		...existing.map((user, index) => ({
			login: String(user.profile.login),
			email: String(user.profile.email),
			firstName: String(user.profile.firstName),
			lastName: String(user.profile.lastName),
			title: index < changed ? `Engineer ${tag}` : String(user.profile.title),
		})),
		...Array.from({ length: items - existing.length }, (_, index) => ({ login: `${tag}-${index}@sync.example.com`, email: `${tag}-${index}@sync.example.com`, firstName: 'New', lastName: String(index), title: 'Engineer' })),
	];
	const parameters = { login: '={{ $json.login }}', email: '={{ $json.email }}', firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}', additionalFields: { title: '={{ $json.title }}' } };
	const budget = Math.ceil(items / SEARCH_BATCH.maxTerms) + 2 * changed;
	const job = `Create or Update ${items.toLocaleString('en')} rows: ${items - existing.length} new, ${changed} changed, ${existing.length - changed} unchanged`;
	const counted = (results: IDataObject[]) => results.filter((entry) => entry.error !== undefined).length;

	const upsertRows = rows('a');
	const sync = await measure(sandbox, async () => {
		const results = await run(sandbox, { resource: 'user', operation: 'createOrUpdate', ...parameters }, upsertRows.map((json) => ({ json })), concurrency);
		const actions = new Map<string, number>();
		for (const entry of results) actions.set(String(entry.action), (actions.get(String(entry.action)) ?? 0) + 1);
		return { failedItems: counted(results), duplicates: duplicateLogins(sandbox), note: [...actions].map(([action, count]) => `${count} ${action}`).join(', ') };
	}, windowMs);
	const syncWrites = writesIn(sandbox);
	const syncRow: SyncFigures = { job, mode: `Create or Update, concurrency ${concurrency}`, ...sync, budget, writes: syncWrites, note: `${sync.note}; budget ${budget}` };
	if (!withNaive) return [syncRow];

	const naiveRows = rows('b');
	const naive = await measure(sandbox, async () => {
		const found = await run(sandbox, { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'login', value: '={{ $json.login }}' }, simplify: false }, naiveRows.map((json) => ({ json })), concurrency);
		const toCreate = naiveRows.filter((_, index) => found[index].error !== undefined);
		const toUpdate = naiveRows.filter((row, index) => found[index].error === undefined && (found[index].profile as IDataObject).title !== row.title);
		const created = await run(sandbox, { resource: 'user', operation: 'create', ...parameters }, toCreate.map((json) => ({ json })), concurrency);
		const updated = await run(
			sandbox,
			{ resource: 'user', operation: 'update', userId: { __rl: true, mode: 'login', value: '={{ $json.login }}' }, updateFields: { title: '={{ $json.title }}' } },
			toUpdate.map((json) => ({ json })),
			concurrency,
		);
		return { failedItems: counted(created) + counted(updated), duplicates: duplicateLogins(sandbox), note: `${toCreate.length} created, ${toUpdate.length} updated` };
	}, windowMs);
	const naiveWrites = writesIn(sandbox);
	return [
		syncRow,
		{ job, mode: `naive (per-item Get, then Create / Update), concurrency ${concurrency}`, ...naive, writes: naiveWrites },
	];
}
