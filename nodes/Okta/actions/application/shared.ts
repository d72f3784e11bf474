import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oktaApiError, oktaApiRequest, oktaApiRequestAllItems, oktaApiRequestFull, oktaPath, type OktaResponse } from '../../transport';
import { getLocatorValue, keyValuePairs, parseJsonObject } from '../validation';

/**
 * What the Application operations share: reading an app, an assignment or a group assignment without
 * failing on "not assigned", explaining Okta's refusals, the app-profile fields and the simplified shapes.
 */

const pick = (source: IDataObject | undefined, keys: string[]): IDataObject =>
	Object.fromEntries(keys.filter((key) => source?.[key] !== undefined).map((key) => [key, source![key]]));

export function simplifyApp(app: IDataObject): IDataObject {
	const assignment = (app._embedded as IDataObject | undefined)?.user as IDataObject | undefined;
	return {
		...pick(app, ['id', 'label', 'name', 'status', 'signOnMode', 'created', 'lastUpdated']),
		// Present when listed with a user filter: how that user has the app (USER = directly, GROUP = through a group).
		...(assignment
			? { assignmentScope: assignment.scope, assignmentStatus: assignment.status, appUserName: (assignment.credentials as IDataObject | undefined)?.userName }
			: {}),
	};
}

export function simplifyAppUser(appUser: IDataObject): IDataObject {
	const user = (appUser._embedded as IDataObject | undefined)?.user as IDataObject | undefined;
	const profile = (user?.profile as IDataObject | undefined) ?? {};
	return {
		...pick(appUser, ['id', 'scope', 'status']),
		userName: (appUser.credentials as IDataObject | undefined)?.userName,
		profile: appUser.profile ?? {},
		...pick(appUser, ['syncState', 'created', 'lastUpdated', 'statusChanged']),
		...(user ? { userStatus: user.status, ...pick(profile, ['login', 'email', 'firstName', 'lastName']) } : {}),
	};
}

export function simplifyGroupAssignment(assignment: IDataObject): IDataObject {
	const group = (assignment._embedded as IDataObject | undefined)?.group as IDataObject | undefined;
	return {
		...pick(assignment, ['id', 'priority']),
		...(group ? { name: (group.profile as IDataObject | undefined)?.name } : {}),
		profile: assignment.profile ?? {},
		...pick(assignment, ['lastUpdated']),
	};
}

export async function getApp(ctx: IExecuteFunctions, itemIndex: number, appId: string): Promise<IDataObject> {
	return await oktaApiRequest.call(ctx, 'GET', oktaPath`/api/v1/apps/${appId}`, { itemIndex });
}

/** Activate / Deactivate: the lifecycle POST, then the app read back (Okta answers with no body). */
export async function changeAppStatus(ctx: IExecuteFunctions, itemIndex: number, action: 'activate' | 'deactivate'): Promise<IDataObject> {
	const appId = getLocatorValue(ctx, 'appId', itemIndex, 'Application');
	// The spec lists no refusal for activating an active app or deactivating an inactive one (only 403, 404,
	// 429), so a request whose answer was lost is sent again.
	await oktaApiRequest.call(ctx, 'POST', oktaPath`/api/v1/apps/${appId}/lifecycle/${action}`, { itemIndex, repeat: 'safe' });
	return { ...simplifyApp(await getApp(ctx, itemIndex, appId)), action };
}

/** The user's assignment to the app (direct or through a group), or undefined when Okta says 404. */
export async function readAppUser(ctx: IExecuteFunctions, itemIndex: number, appId: string, userId: string): Promise<IDataObject | undefined> {
	const response = await oktaApiRequestFull.call(ctx, 'GET', oktaPath`/api/v1/apps/${appId}/users/${userId}`, { itemIndex, acceptStatuses: [404] });
	return response.statusCode === 404 ? undefined : (response.body as IDataObject);
}

/** The group's assignment to the app, or undefined when Okta says 404. */
export async function readGroupAssignment(ctx: IExecuteFunctions, itemIndex: number, appId: string, groupId: string): Promise<IDataObject | undefined> {
	const response = await oktaApiRequestFull.call(ctx, 'GET', oktaPath`/api/v1/apps/${appId}/groups/${groupId}`, { itemIndex, acceptStatuses: [404] });
	return response.statusCode === 404 ? undefined : (response.body as IDataObject);
}

/** Okta's refusal as the item's error, with a hint for this case in place of the generic one. */
export function refusal(ctx: IExecuteFunctions, itemIndex: number, response: OktaResponse, prefix: string, hint: string): Error {
	const error = oktaApiError(ctx.getNode(), { status: response.statusCode, headers: response.headers as Record<string, string>, body: response.body }, itemIndex, prefix);
	error.description = hint;
	return error;
}

/**
 * A 404 on an assignment change. Okta answers "not found" for the app instance when the app is INACTIVE
 * (seen by salto-io/salto#5275 and okta/terraform-provider-okta#1502), so the app is read to tell that
 * apart from a missing app (that read fails with Okta's own 404) or a missing user, group or assignment.
 */
export async function explainNotFound(
	ctx: IExecuteFunctions,
	itemIndex: number,
	appId: string,
	response: OktaResponse,
	prefix: string,
	otherwise: string,
): Promise<Error> {
	const app = await getApp(ctx, itemIndex, appId);
	if (app.status !== 'ACTIVE') {
		return refusal(
			ctx,
			itemIndex,
			response,
			prefix,
			`The app "${String(app.label)}" exists but is ${String(app.status)}: Okta refuses assignment changes on an inactive app and answers "not found". Activate it first (Application > Activate), or leave its assignments as they are.`,
		);
	}
	return refusal(ctx, itemIndex, response, prefix, otherwise);
}

/** The groups that give the user the app: the app's group assignments the user is a member of. */
export async function grantingGroups(ctx: IExecuteFunctions, itemIndex: number, appId: string, userId: string): Promise<string[]> {
	const assigned = await oktaApiRequestAllItems.call(ctx, oktaPath`/api/v1/apps/${appId}/groups`, {}, { itemIndex });
	const memberOf = await oktaApiRequestAllItems.call(ctx, oktaPath`/api/v1/users/${userId}/groups`, {}, { itemIndex });
	const assignedIds = new Set(assigned.map((entry) => String(entry.id)));
	return memberOf.filter((group) => assignedIds.has(String(group.id))).map((group) => String((group.profile as IDataObject | undefined)?.name ?? group.id));
}

export const includeUserProperty: INodeProperties = {
	displayName: 'Include User',
	name: 'includeUser',
	type: 'boolean',
	default: false,
	description: 'Whether to embed the Okta user (expand=user), adding login, email, names and the user status to the output',
};

/** App profile attributes as name/value pairs (a fixedCollection read with `keyValuePairs`). */
export function attributePairsProperty(displayName: string, name: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		description,
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{ displayName: 'Name', name: 'key', type: 'string', default: '', placeholder: 'role' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

/** App username and app profile (key/value pairs and JSON), shown for the given operations. */
export function appUserFields(operation: string, extraShow: IDataObject = {}): INodeProperties[] {
	const show = { operation: [operation], ...extraShow };
	return [
		{
			displayName: 'App Username',
			name: 'appUserName',
			type: 'string',
			default: '',
			placeholder: 'jane.doe',
			description: 'The username in the app. Leave empty to use the app\'s username template (usually the Okta login).',
			displayOptions: { show },
		},
		{
			...attributePairsProperty('App Profile', 'appProfile', 'Attributes of the app user profile (Directory > Profile Editor > the app). Okta applies the profile mappings first; mapped attributes cannot be set here.'),
			displayOptions: { show },
		},
		{
			displayName: 'App Profile (JSON)',
			name: 'appProfileJson',
			type: 'json',
			default: '{}',
			description: 'App profile attributes as a JSON object, for arrays, numbers and booleans, e.g. {"salesforceGroups": ["Sales"], "role": "Admin"}. Wins over key/value pairs with the same name.',
			displayOptions: { show },
		},
	];
}

export function appUserBody(ctx: IExecuteFunctions, itemIndex: number): { credentials?: IDataObject; profile?: IDataObject } {
	const userName = String(ctx.getNodeParameter('appUserName', itemIndex, '') ?? '').trim();
	const pairs = keyValuePairs(ctx.getNodeParameter('appProfile', itemIndex, {}));
	const json = parseJsonObject(ctx, itemIndex, 'App Profile (JSON)', ctx.getNodeParameter('appProfileJson', itemIndex, '{}'));
	const profile = { ...pairs, ...json };
	return {
		...(userName ? { credentials: { userName } } : {}),
		...(Object.keys(profile).length ? { profile } : {}),
	};
}
