import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { groupLocator } from '../../descriptions/locators';
import { describeOktaFailure, oktaApiRequest, oktaApiRequestAllItems, oktaApiRequestFull, oktaPath } from '../../transport';
import { confirmUser, identifierLabels, identifierOf, mapConcurrently, type MatchBy, normalizeIdentifier, searchUsers } from '../batchLookup';
import { configuredConcurrency } from '../router';
import { fieldError, getLocatorValue } from '../validation';

type Mode = 'exact' | 'addOnly' | 'removeOnly';

const properties: INodeProperties[] = [
	groupLocator(),
	{
		displayName: 'Members From',
		name: 'membersFrom',
		type: 'options',
		options: [
			{ name: 'A List in Each Item', value: 'list', description: 'Each item carries a whole member list and is one sync' },
			{ name: 'All Input Items', value: 'allItems', description: 'Each item names one member; all items together are the list, synced once' },
		],
		default: 'list',
	},
	{
		displayName: 'Members',
		name: 'members',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.logins }}',
		description: 'The users who should be in the group: an array, or text separated by commas or new lines',
		displayOptions: { show: { membersFrom: ['list'] } },
	},
	{
		displayName: 'Member',
		name: 'member',
		type: 'string',
		default: '',
		required: true,
		placeholder: '={{ $json.login }}',
		description: 'The user this item names. Every input item must name one.',
		displayOptions: { show: { membersFrom: ['allItems'] } },
	},
	{
		displayName: 'Match By',
		name: 'matchBy',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'Login', value: 'login' },
			{ name: 'User ID', value: 'id' },
		],
		default: 'login',
		description: 'Which user attribute the member values are',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Exact', value: 'exact', description: 'Add missing members and remove everyone not in the list' },
			{ name: 'Add Only', value: 'addOnly', description: 'Add missing members, remove no one' },
			{ name: 'Remove Only', value: 'removeOnly', description: 'Remove the listed users (a revocation list), add no one' },
		],
		default: 'exact',
	},
	{
		displayName: 'Max Removals',
		name: 'maxRemovals',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 20,
		description: 'When a sync would remove more members than this, it changes nothing and the item fails with the numbers',
		displayOptions: { show: { mode: ['exact', 'removeOnly'] } },
	},
	{
		displayName: 'Max Removals (% of Members)',
		name: 'maxRemovalPercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 25,
		description: 'When a sync would remove more than this share of the current members, it changes nothing and the item fails',
		displayOptions: { show: { mode: ['exact', 'removeOnly'] } },
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only output the plan (who would be added and removed) and change nothing',
	},
	{
		displayName: 'Options',
		name: 'syncOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allow Empty Source',
				name: 'allowEmptySource',
				type: 'boolean',
				default: false,
				description: 'Whether an empty member list in Exact mode may empty the group. Off, an empty list is refused: it is usually a failed export.',
			},
			{
				displayName: 'Ignore Unknown Users',
				name: 'ignoreUnknown',
				type: 'boolean',
				default: false,
				description: 'Whether to sync anyway when some values match no Okta user. They are still listed in "unknown". Off, the item fails and nothing is changed.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['setMembers'] } }, properties);

interface MemberRef {
	id: string;
	login: string;
}

interface FailedChange extends MemberRef {
	action: 'add' | 'remove';
	error: string;
}

const refOf = (user: IDataObject): MemberRef => ({ id: String(user.id), login: String((user.profile as IDataObject | undefined)?.login ?? '') });

/** One item's values: an array, or text split at commas, semicolons and new lines. */
function valuesOf(ctx: IExecuteFunctions, itemIndex: number, field: string, raw: unknown): string[] {
	const entries = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : String(raw).split(/[,;\n]+/);
	return entries
		.map((entry) => {
			if (typeof entry === 'string' || typeof entry === 'number') return String(entry).trim();
			throw fieldError(ctx, itemIndex, field, `has an entry that is not text: ${JSON.stringify(entry)}. Map it to a login, email or ID.`);
		})
		.filter(Boolean);
}

/** The source list of one sync: this item's list, or one value from every input item. */
function sourceValues(ctx: IExecuteFunctions, itemIndex: number, allItems: boolean): string[] {
	if (!allItems) return valuesOf(ctx, itemIndex, 'Members', ctx.getNodeParameter('members', itemIndex, ''));
	const values: string[] = [];
	for (let index = 0; index < ctx.getInputData().length; index++) {
		const entries = valuesOf(ctx, index, 'Member', ctx.getNodeParameter('member', index, ''));
		if (entries.length === 0) {
			throw fieldError(ctx, index, 'Member', 'is empty. With "All Input Items" every item must name a user; filter out blank rows first. Nothing was changed.');
		}
		values.push(...entries);
	}
	return values;
}

/** Syncs on one group run one after another within a node run, so two items never race on it. */
const groupQueues = new WeakMap<object, Map<string, Promise<unknown>>>();

async function oneAtATimePerGroup<T>(ctx: IExecuteFunctions, groupId: string, work: () => Promise<T>): Promise<T> {
	let queues = groupQueues.get(ctx);
	if (!queues) {
		queues = new Map();
		groupQueues.set(ctx, queues);
	}
	const previous = queues.get(groupId) ?? Promise.resolve();
	const run = previous.then(work, work);
	queues.set(groupId, run.catch(() => undefined));
	return await run;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | undefined> {
	const allItems = this.getNodeParameter('membersFrom', itemIndex, 'list') === 'allItems';
	// With All Input Items the whole input is one sync: the first item runs it, the others add nothing.
	if (allItems && itemIndex > 0) return undefined;
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	return await oneAtATimePerGroup(this, groupId, async () => await syncGroup(this, itemIndex, groupId, allItems));
}

async function syncGroup(ctx: IExecuteFunctions, itemIndex: number, groupId: string, allItems: boolean): Promise<IDataObject> {
	const matchBy = ctx.getNodeParameter('matchBy', itemIndex, 'login') as MatchBy;
	const mode = ctx.getNodeParameter('mode', itemIndex, 'exact') as Mode;
	const dryRun = ctx.getNodeParameter('dryRun', itemIndex, false) as boolean;
	const { allowEmptySource = false, ignoreUnknown = false } = ctx.getNodeParameter('syncOptions', itemIndex, {}) as IDataObject;
	// Shown only where a mode removes; without a fallback n8n answers with the default, kept in one place.
	const removes = mode !== 'addOnly';
	const maxRemovals = removes ? Number(ctx.getNodeParameter('maxRemovals', itemIndex)) : Infinity;
	const maxRemovalPercent = removes ? Number(ctx.getNodeParameter('maxRemovalPercent', itemIndex)) : Infinity;
	const field = allItems ? 'Member' : 'Members';

	const source = new Map<string, string>();
	for (const value of sourceValues(ctx, itemIndex, allItems)) source.set(normalizeIdentifier(matchBy, value), value);

	const group = await oktaApiRequest.call(ctx, 'GET', oktaPath`/api/v1/groups/${groupId}`, { itemIndex });
	const groupName = String((group.profile as IDataObject | undefined)?.name ?? groupId);
	if (group.type !== 'OKTA_GROUP') {
		// Spec, PUT/DELETE /api/v1/groups/{groupId}/users/{userId}: only OKTA_GROUP memberships can be changed.
		throw new NodeOperationError(
			ctx.getNode(),
			`Group "${groupName}" (${groupId}) is a ${String(group.type)} group: Okta changes the members of OKTA_GROUP groups only. Nothing was changed.`,
			{ itemIndex, description: 'APP_GROUP members come from an app import; BUILT_IN groups such as Everyone are managed by Okta.' },
		);
	}
	if (mode === 'exact' && source.size === 0 && !allowEmptySource) {
		throw fieldError(
			ctx,
			itemIndex,
			field,
			`the member list is empty, and in Exact mode that would remove every member of "${groupName}". Nothing was changed.`,
			'An empty list is usually a failed or truncated export. Turn on Options > Allow Empty Source to empty the group on purpose.',
		);
	}

	const members = await oktaApiRequestAllItems.call(ctx, oktaPath`/api/v1/groups/${groupId}/users`, {}, { itemIndex });
	const memberIds = new Set(members.map((member) => String(member.id)));
	const memberByKey = new Map(members.map((member) => [identifierOf(matchBy, member), member]));

	const listedMembers = [...source.keys()].filter((key) => memberByKey.has(key));
	const notMembers = [...source.keys()].filter((key) => !memberByKey.has(key));
	const resolved = new Map<string, IDataObject>();
	const unknown: string[] = [];
	const failed: FailedChange[] = [];
	const found = await searchUsers(ctx, matchBy, notMembers, itemIndex);
	const concurrency = configuredConcurrency(ctx);
	await mapConcurrently(notMembers, concurrency, async (key) => {
		const hits = found.get(key) ?? [];
		if (hits.length > 1) {
			failed.push({ id: '', login: source.get(key)!, action: 'add', error: `${hits.length} Okta users have this ${identifierLabels[matchBy]}; match by login or ID instead` });
			return;
		}
		// A search miss may only be lag: read the user directly before calling it unknown.
		const user = hits[0] ?? (await confirmUser(ctx, matchBy, source.get(key)!, itemIndex));
		if (user) resolved.set(key, user);
		else unknown.push(source.get(key)!);
	});

	const toAdd = mode === 'removeOnly' ? [] : [...resolved.values()].filter((user) => !memberIds.has(String(user.id)));
	const toRemove =
		mode === 'addOnly'
			? []
			: mode === 'removeOnly'
				? listedMembers.map((key) => memberByKey.get(key)!)
				: members.filter((member) => !source.has(identifierOf(matchBy, member)));
	const unchanged = mode === 'removeOnly' ? resolved.size : listedMembers.length + (resolved.size - toAdd.length);

	const removalPercent = members.length ? (toRemove.length * 100) / members.length : 0;
	const overGuard = toRemove.length > maxRemovals || removalPercent > maxRemovalPercent;
	const guardMessage = `would remove ${toRemove.length} of ${members.length} members (${removalPercent.toFixed(1)}%), more than Max Removals (${maxRemovals}) or Max Removals (% of Members) (${maxRemovalPercent}%) allow`;
	const plan: IDataObject = {
		groupId,
		groupName,
		mode,
		dryRun,
		added: toAdd.map(refOf),
		removed: toRemove.map(refOf),
		unchanged,
		unknown,
		failed,
	};
	if (dryRun) return overGuard ? { ...plan, removalGuard: `A real run would stop: it ${guardMessage}` } : plan;

	if (unknown.length && !ignoreUnknown) {
		const shown = unknown.slice(0, 20).join(', ');
		throw fieldError(
			ctx,
			itemIndex,
			field,
			`${unknown.length} value(s) match no Okta user by ${identifierLabels[matchBy]}: ${shown}${unknown.length > 20 ? ', …' : ''}. Nothing was changed.`,
			'Fix the source, or turn on Options > Ignore Unknown Users to sync the others (they stay listed in "unknown").',
		);
	}
	if (overGuard) {
		throw new NodeOperationError(ctx.getNode(), `Sync of group "${groupName}" stopped: it ${guardMessage}. Nothing was changed.`, {
			itemIndex,
			description: 'Check the source list first (a truncated export looks like mass removal). To allow it, raise the limits or run once with Dry Run to see the plan.',
		});
	}

	const write = (action: 'add' | 'remove') => async (user: IDataObject) => {
		const userId = String(user.id);
		// 4xx answers come back instead of failing the item, so one refused change does not stop the others;
		// 429 and transient failures are still paced and repeated by the transport (PUT and DELETE are idempotent).
		const response = await oktaApiRequestFull.call(ctx, action === 'add' ? 'PUT' : 'DELETE', oktaPath`/api/v1/groups/${groupId}/users/${userId}`, {
			itemIndex,
			acceptStatuses: [400, 401, 403, 404, 405, 409],
		});
		if (response.statusCode < 400) return true;
		failed.push({ ...refOf(user), action, error: describeOktaFailure({ status: response.statusCode, headers: {}, body: response.body }).message });
		return false;
	};
	// Additions first: a person moving between sources never loses access in between.
	const addedOk = await mapConcurrently(toAdd, concurrency, write('add'));
	const removedOk = await mapConcurrently(toRemove, concurrency, write('remove'));
	return {
		...plan,
		added: toAdd.filter((_, index) => addedOk[index]).map(refOf),
		removed: toRemove.filter((_, index) => removedOk[index]).map(refOf),
	};
}
