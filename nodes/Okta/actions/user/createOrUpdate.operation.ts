import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oktaApiError, oktaApiRequest, oktaApiRequestFull, oktaPath } from '../../transport';
import { type MatchBy, normalizeIdentifier, searchUsers } from '../batchLookup';
import { fieldError } from '../validation';
import { createProperties, createUserRequest } from './create.operation';

type DeprovisionedHandling = 'skip' | 'fail' | 'update' | 'reactivate';

const show = { resource: ['user'], operation: ['createOrUpdate'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Match By',
		name: 'matchBy',
		type: 'options',
		options: [
			{ name: 'Login', value: 'login', description: 'Okta logins are unique, so at most one user matches' },
			{ name: 'Email', value: 'email', description: 'When several users share the email, the item fails' },
		],
		default: 'login',
		description: 'Which of the fields below finds the existing user',
	},
	{
		displayName:
			'Creates the user when no one matches (with every field below); otherwise changes only the profile attributes that differ, and writes nothing when none do. Activation, password, groups, realm and user type apply only to new users.',
		name: 'createOrUpdateNotice',
		type: 'notice',
		default: '',
	},
	...createProperties,
	{
		displayName: 'Deactivated Users',
		name: 'deprovisioned',
		type: 'options',
		options: [
			{ name: 'Leave Alone', value: 'skip', description: 'Write nothing; the item says "skipped" and why' },
			{ name: 'Fail the Item', value: 'fail', description: 'Stop on it, so someone decides' },
			{ name: 'Update Profile Only', value: 'update', description: 'Change the attributes; the user stays deactivated' },
			{ name: 'Update and Reactivate', value: 'reactivate', description: 'Change the attributes and activate the user again (Okta emails them an activation link)' },
		],
		default: 'skip',
		description: 'What to do when the matching user is DEPROVISIONED (deactivated). Users in other statuses are updated as usual.',
	},
];

export const description: INodeProperties[] = properties.map((property) => ({ ...property, displayOptions: { show } }));

/** Per node run: whether every item's identifier has been looked up yet. */
const prefetched = new WeakMap<object, Promise<unknown>>();

/** Looks up all items' identifiers in a few OR-chain searches on the first call, so each item then reads the cache. */
async function prefetchAllItems(ctx: IExecuteFunctions): Promise<void> {
	let done = prefetched.get(ctx);
	if (!done) {
		const byMatch: Record<MatchBy, string[]> = { id: [], login: [], email: [] };
		for (let index = 0; index < ctx.getInputData().length; index++) {
			const matchBy = ctx.getNodeParameter('matchBy', index, 'login') as MatchBy;
			const value = ctx.getNodeParameter(matchBy, index, '') as unknown;
			// An item with a bad value fails on its own turn, with its own error.
			if (typeof value === 'string' && value.trim()) byMatch[matchBy].push(value);
		}
		done = Promise.all((Object.keys(byMatch) as MatchBy[]).map(async (matchBy) => await searchUsers(ctx, matchBy, byMatch[matchBy])));
		prefetched.set(ctx, done);
	}
	await done;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Okta's refusal of a create whose login is taken: "login: An object with this field already exists…". */
function loginExists(body: unknown): boolean {
	const error = (body ?? {}) as { errorSummary?: string; errorCauses?: Array<{ errorSummary?: string }> };
	return [error.errorSummary, ...(error.errorCauses ?? []).map((cause) => cause?.errorSummary)].some((text) => /^login:.*already exists/i.test(String(text)));
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const matchBy = this.getNodeParameter('matchBy', itemIndex, 'login') as MatchBy;
	const request = await createUserRequest.call(this, itemIndex);
	await prefetchAllItems(this);
	const identifier = String(request.profile[matchBy]);
	const hits = (await searchUsers(this, matchBy, [identifier], itemIndex)).get(normalizeIdentifier(matchBy, identifier)) ?? [];
	if (hits.length > 1) {
		throw fieldError(this, itemIndex, 'Email', `${hits.length} Okta users have the email "${identifier}". Match by login instead.`);
	}
	if (hits.length === 1) return await updateUser(this, itemIndex, hits[0], request.profile);

	// Search found no one, which may only be lag (search is eventually consistent): the create then meets
	// "login already exists", and the user read by login, a consistent read, is updated instead.
	const response = await oktaApiRequestFull.call(this, 'POST', '/api/v1/users', {
		qs: request.qs,
		body: request.body,
		itemIndex,
		repeat: 'safe',
		acceptStatuses: [400],
		subject: `Creating user ${request.login}`,
	});
	if (response.statusCode === 400) {
		if (!loginExists(response.body)) {
			throw oktaApiError(this.getNode(), { status: 400, headers: {}, body: response.body }, itemIndex, `Creating user ${request.login}`);
		}
		const existing = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/users/${request.login}`, { itemIndex });
		return await updateUser(this, itemIndex, existing, request.profile);
	}
	return { action: 'created', ...(response.body as IDataObject) };
}

async function updateUser(ctx: IExecuteFunctions, itemIndex: number, existing: IDataObject, wanted: IDataObject): Promise<IDataObject> {
	const userId = String(existing.id);
	const current = (existing.profile ?? {}) as IDataObject;
	const changes = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => !same(current[key], value)));
	const changed = Object.keys(changes);
	if (existing.status === 'DEPROVISIONED') {
		const handling = ctx.getNodeParameter('deprovisioned', itemIndex, 'skip') as DeprovisionedHandling;
		const who = `${String(current.login)} (${userId})`;
		if (handling === 'fail') {
			throw fieldError(ctx, itemIndex, 'Deactivated Users', `the matching user ${who} is DEPROVISIONED. Reactivate them first, or choose another option.`);
		}
		if (handling === 'skip') return { action: 'skipped', reason: `${who} is DEPROVISIONED (Deactivated Users: Leave Alone)`, changed: [], ...existing };
		const updated = changed.length ? await writeProfile(ctx, itemIndex, userId, changes) : existing;
		if (handling === 'update') return { action: changed.length ? 'updated' : 'unchanged', changed, ...updated };
		await oktaApiRequest.call(ctx, 'POST', oktaPath`/api/v1/users/${userId}/lifecycle/activate`, { qs: { sendEmail: true }, itemIndex });
		const reactivated = await oktaApiRequest.call(ctx, 'GET', oktaPath`/api/v1/users/${userId}`, { itemIndex });
		return { action: 'reactivated', changed, ...reactivated };
	}
	// Compared with what search returned. Search can lag, so a change made seconds ago elsewhere may be
	// missed this run and converge on the next; what is written is only the differing attributes.
	if (!changed.length) return { action: 'unchanged', changed, ...existing };
	return { action: 'updated', changed, ...(await writeProfile(ctx, itemIndex, userId, changes)) };
}

async function writeProfile(ctx: IExecuteFunctions, itemIndex: number, userId: string, changes: IDataObject): Promise<IDataObject> {
	// A partial update (POST): it sets the same values again on a repeat, so it is safe to retry.
	return await oktaApiRequest.call(ctx, 'POST', oktaPath`/api/v1/users/${userId}`, { body: { profile: changes }, itemIndex, repeat: 'safe' });
}
