import type { IDataObject } from 'n8n-workflow';

const pick = (source: IDataObject | undefined, keys: string[]): IDataObject =>
	Object.fromEntries(keys.filter((key) => source?.[key] !== undefined).map((key) => [key, source![key]]));

export function simplifyUser(user: IDataObject): IDataObject {
	const profile = (user.profile as IDataObject) ?? {};
	return {
		id: user.id,
		status: user.status,
		...pick(profile, ['login', 'email', 'firstName', 'lastName', 'displayName', 'department', 'title', 'manager', 'mobilePhone']),
		typeId: (user.type as IDataObject | undefined)?.id,
		...pick(user, ['realmId', 'created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged']),
	};
}

export function simplifyGroup(group: IDataObject): IDataObject {
	const profile = (group.profile as IDataObject) ?? {};
	const stats = ((group._embedded as IDataObject | undefined)?.stats as IDataObject | undefined) ?? undefined;
	return {
		id: group.id,
		name: profile.name,
		description: profile.description,
		type: group.type,
		...pick(group, ['created', 'lastUpdated', 'lastMembershipUpdated']),
		...(stats ? { usersCount: stats.usersCount, appsCount: stats.appsCount } : {}),
	};
}

export function simplifyDevice(device: IDataObject): IDataObject {
	const profile = (device.profile as IDataObject) ?? {};
	const embedded = device._embedded as IDataObject | undefined;
	return {
		id: device.id,
		status: device.status,
		...pick(profile, ['displayName', 'platform', 'manufacturer', 'model', 'osVersion', 'serialNumber', 'registered']),
		...pick(device, ['created', 'lastUpdated']),
		...(embedded?.users ? { users: embedded.users } : {}),
	};
}

export function simplifyRealm(realm: IDataObject): IDataObject {
	const profile = (realm.profile as IDataObject) ?? {};
	return {
		id: realm.id,
		name: profile.name,
		realmType: profile.realmType,
		domains: profile.domains,
		isDefault: realm.isDefault,
		...pick(realm, ['created', 'lastUpdated']),
	};
}
