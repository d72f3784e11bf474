import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { searchLiteral as quoted } from '../actions/query';
import { oktaApiRequestAllItems, oktaApiRequestPage } from '../transport';

/** Searched on the server, one Okta page per call; n8n passes the `next` URL back to load the rest. */
async function searchPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	search: string | undefined,
	paginationToken: string | undefined,
	toItem: (entry: IDataObject) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	const page = await oktaApiRequestPage.call(ctx, paginationToken ?? path, search ? { search } : {});
	return { results: page.items.map(toItem), paginationToken: page.nextUrl };
}

export async function searchUsers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	const search = text
		? ['login', 'email', 'firstName', 'lastName'].map((field) => `profile.${field} sw ${quoted(text)}`).join(' or ')
		: undefined;
	return await searchPage(this, '/api/v1/users', search, paginationToken, (user) => {
		const profile = (user.profile as IDataObject) ?? {};
		const name = [profile.firstName, profile.lastName].filter(Boolean).join(' ');
		return { name: name ? `${name} (${String(profile.login)})` : String(profile.login ?? user.id), value: String(user.id) };
	});
}

export async function searchGroups(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	return await searchPage(this, '/api/v1/groups', text ? `profile.name sw ${quoted(text)}` : undefined, paginationToken, (group) => ({
		name: String((group.profile as IDataObject)?.name ?? group.id),
		value: String(group.id),
	}));
}

export async function searchDevices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	return await searchPage(
		this,
		'/api/v1/devices',
		text ? `profile.displayName sw ${quoted(text)}` : undefined,
		paginationToken,
		(device) => {
			const profile = (device.profile as IDataObject) ?? {};
			const detail = [profile.platform, profile.serialNumber].filter(Boolean).join(', ');
			return { name: `${String(profile.displayName ?? device.id)}${detail ? ` (${detail})` : ''}`, value: String(device.id) };
		},
	);
}

export async function searchRealms(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	return await searchPage(this, '/api/v1/realms', text ? `profile.name sw ${quoted(text)}` : undefined, paginationToken, (realm) => ({
		name: String((realm.profile as IDataObject)?.name ?? realm.id),
		value: String(realm.id),
	}));
}

/** User types are few (at most ten) and not paged, so they are filtered here. */
export async function searchUserTypes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const types = await oktaApiRequestAllItems.call(this, '/api/v1/meta/types/user');
	const text = filter?.trim().toLowerCase();
	const results = types
		.map((type) => ({ name: `${String(type.displayName ?? type.name)} (${String(type.name)})`, value: String(type.id) }))
		.filter((item) => !text || item.name.toLowerCase().includes(text));
	return { results };
}

/**
 * Okta's app listing has no search expression; `q` is a starts-with match on the app's name or label
 * (spec: GET /api/v1/apps, parameter q). Pages follow the `next` link like every other list.
 */
export async function searchApplications(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	const page = await oktaApiRequestPage.call(this, paginationToken ?? '/api/v1/apps', text ? { q: text } : {});
	return {
		results: page.items.map((app) => ({
			name: `${String(app.label ?? app.id)}${app.status === 'ACTIVE' ? '' : ` (${String(app.status)})`}`,
			value: String(app.id),
		})),
		paginationToken: page.nextUrl,
	};
}
