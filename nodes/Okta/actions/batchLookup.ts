import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { oktaApiRequestAllItems, oktaApiRequestFull, oktaPath } from '../transport';

/**
 * Batched user lookups for the sync operations: many logins, emails or IDs resolved with Okta's `search`
 * as OR-chains (`profile.login eq "a" or profile.login eq "b" …`), so N identifiers cost about N / 50
 * requests instead of N. Answers are shared by every item of one node run.
 *
 * Search is eventually consistent (the spec's `GET /api/v1/users` description: "results are sourced from
 * an eventually consistent datasource"), so a miss is never acted on alone: `confirmUser` reads the user
 * directly before anyone calls it unknown.
 */

export type MatchBy = 'id' | 'login' | 'email';

const SEARCH_ATTRIBUTE: Record<MatchBy, string> = { id: 'id', login: 'profile.login', email: 'profile.email' };

/**
 * How large one OR-chain may grow. Okta documents no number, only that "an overly complex or long search
 * query can result in an error" (spec, listUsers `search`). 50 terms and 4,000 URL-encoded characters keep
 * the request line far below the 8 KB that common proxies accept.
 */
export const SEARCH_BATCH = { maxTerms: 50, maxEncodedLength: 4000 };

export const identifierLabels: Record<MatchBy, string> = { id: 'user ID', login: 'login', email: 'email' };

/** Okta compares search strings case-insensitively; IDs are compared as given. */
export function normalizeIdentifier(matchBy: MatchBy, value: string): string {
	const trimmed = value.trim();
	return matchBy === 'id' ? trimmed : trimmed.toLowerCase();
}

/** The value a user has for the attribute `matchBy` names, normalized. */
export function identifierOf(matchBy: MatchBy, user: IDataObject): string {
	const raw = matchBy === 'id' ? user.id : (user.profile as IDataObject | undefined)?.[matchBy];
	return typeof raw === 'string' ? normalizeIdentifier(matchBy, raw) : '';
}

function searchTerm(matchBy: MatchBy, value: string): string {
	return `${SEARCH_ATTRIBUTE[matchBy]} eq "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** OR-chains covering `values`, each within SEARCH_BATCH. */
export function searchBatches(matchBy: MatchBy, values: string[]): Array<{ values: string[]; search: string }> {
	const batches: Array<{ values: string[]; search: string }> = [];
	let current: { values: string[]; search: string } | undefined;
	for (const value of values) {
		const term = searchTerm(matchBy, value);
		const joined = current ? `${current.search} or ${term}` : term;
		if (current && current.values.length < SEARCH_BATCH.maxTerms && encodeURIComponent(joined).length <= SEARCH_BATCH.maxEncodedLength) {
			current.values.push(value);
			current.search = joined;
		} else {
			current = { values: [value], search: term };
			batches.push(current);
		}
	}
	return batches;
}

/** Per node run: normalized identifier → the users search found for it. */
const searchCache = new WeakMap<object, Map<string, Promise<IDataObject[]>>>();

function cacheFor(ctx: IExecuteFunctions): Map<string, Promise<IDataObject[]>> {
	let cache = searchCache.get(ctx);
	if (!cache) {
		cache = new Map();
		searchCache.set(ctx, cache);
	}
	return cache;
}

/**
 * The users search finds for each identifier (normalized), looking up only those not already asked for in
 * this node run. Several items asking at once share the same requests. An empty list is a search miss,
 * not proof that no such user exists: see `confirmUser`.
 */
export async function searchUsers(
	ctx: IExecuteFunctions,
	matchBy: MatchBy,
	identifiers: string[],
	itemIndex?: number,
): Promise<Map<string, IDataObject[]>> {
	const cache = cacheFor(ctx);
	const wanted = [...new Set(identifiers.map((value) => normalizeIdentifier(matchBy, value)).filter(Boolean))];
	const missing = wanted.filter((value) => !cache.has(`${matchBy}:${value}`));
	for (const batch of searchBatches(matchBy, missing)) {
		const found = oktaApiRequestAllItems.call(ctx, '/api/v1/users', { search: batch.search }, { itemIndex });
		for (const value of batch.values) {
			cache.set(`${matchBy}:${value}`, found.then((users) => users.filter((user) => identifierOf(matchBy, user) === value)));
		}
	}
	const answers = await Promise.all(wanted.map(async (value) => [value, await cache.get(`${matchBy}:${value}`)!] as const));
	return new Map(answers);
}

/**
 * Reads a user search did not find, from a consistent source: `GET /api/v1/users/{id or login}`. Okta also
 * resolves a login's short name there, so the answer counts only when it has exactly this identifier. An
 * email is read as a login first (most orgs use the email as login), then with `filter`, which the spec
 * does not describe as eventually consistent.
 */
export async function confirmUser(ctx: IExecuteFunctions, matchBy: MatchBy, identifier: string, itemIndex?: number): Promise<IDataObject | undefined> {
	const wanted = normalizeIdentifier(matchBy, identifier);
	const direct = await oktaApiRequestFull.call(ctx, 'GET', oktaPath`/api/v1/users/${identifier.trim()}`, { itemIndex, acceptStatuses: [404] });
	const user = direct.statusCode === 404 ? undefined : (direct.body as IDataObject);
	if (user && identifierOf(matchBy, user) === wanted) return user;
	if (matchBy !== 'email') return undefined;
	const filtered = await oktaApiRequestAllItems.call(ctx, '/api/v1/users', { filter: searchTerm('email', wanted) }, { itemIndex });
	const matches = filtered.filter((entry) => identifierOf('email', entry) === wanted);
	return matches.length === 1 ? matches[0] : undefined;
}

/** Runs `worker` over `entries`, at most `concurrency` at a time, every one to the end; results in input order. */
export async function mapConcurrently<T, R>(entries: T[], concurrency: number, worker: (entry: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(entries.length);
	let next = 0;
	const lane = async () => {
		while (next < entries.length) {
			const index = next++;
			results[index] = await worker(entries[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, entries.length)) }, lane));
	return results;
}
