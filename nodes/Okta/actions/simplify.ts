import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Simplify's one shape for every resource: the object's ID and status first, then **every** profile attribute
 * (standard and custom) at the top level, then the object's own fields (type, realm, dates). Nothing in the
 * profile is dropped, so sync jobs see costCenter, city and custom attributes. A profile attribute whose name
 * is also an object field (a custom `status`, say) keeps its value as `profile.<name>` instead of overwriting it.
 * Links and `_embedded` are left out, except what a resource's own fields take from them (group stats, device users).
 */
function flatten(object: IDataObject, own: IDataObject): IDataObject {
	const profile = (object.profile as IDataObject | undefined) ?? {};
	const head: IDataObject = { id: object.id, ...(object.status === undefined ? {} : { status: object.status }) };
	const tail = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined));
	const taken = new Set([...Object.keys(head), ...Object.keys(tail)]);
	const attributes = Object.fromEntries(Object.entries(profile).map(([name, value]) => [taken.has(name) ? `profile.${name}` : name, value]));
	return { ...head, ...attributes, ...tail };
}

const pick = (source: IDataObject, keys: string[]): IDataObject => Object.fromEntries(keys.map((key) => [key, source[key]]));

const USER_FIELDS = ['realmId', 'transitioningToStatus', 'created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged', 'resolvedAfterRetry'];

export function simplifyUser(user: IDataObject): IDataObject {
	return flatten(user, { typeId: (user.type as IDataObject | undefined)?.id, ...pick(user, USER_FIELDS) });
}

export function simplifyGroup(group: IDataObject): IDataObject {
	const stats = (group._embedded as IDataObject | undefined)?.stats as IDataObject | undefined;
	return flatten(group, {
		type: group.type,
		...pick(group, ['created', 'lastUpdated', 'lastMembershipUpdated', 'resolvedAfterRetry']),
		usersCount: stats?.usersCount,
		appsCount: stats?.appsCount,
	});
}

export function simplifyDevice(device: IDataObject): IDataObject {
	const embedded = device._embedded as IDataObject | undefined;
	return flatten(device, { ...pick(device, ['created', 'lastUpdated']), users: embedded?.users });
}

export function simplifyRealm(realm: IDataObject): IDataObject {
	return flatten(realm, pick(realm, ['isDefault', 'created', 'lastUpdated']));
}

/** The first node version whose Create, Update and Replace honour Simplify. */
export const WRITES_SIMPLIFY_FROM_VERSION = 1.1;

/**
 * A write's answer (Create, Update, Replace) as the Simplify field asks (on unless switched off). Nodes saved
 * at version 1 had no Simplify there and returned Okta's raw object, so they keep doing that.
 */
export function asSimplifyAsks(ctx: IExecuteFunctions, itemIndex: number, object: IDataObject, simplify: (object: IDataObject) => IDataObject): IDataObject {
	if (ctx.getNode().typeVersion < WRITES_SIMPLIFY_FROM_VERSION) return object;
	return ctx.getNodeParameter('simplify', itemIndex, true) ? simplify(object) : object;
}
