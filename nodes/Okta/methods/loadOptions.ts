import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { oktaApiRequestAllItems } from '../transport';

export async function getUserTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const types = await oktaApiRequestAllItems.call(this, '/api/v1/meta/types/user');
	return types.map((type) => ({
		name: String(type.displayName ?? type.name),
		value: String(type.id),
		description: type.default ? 'The default user type' : String(type.description ?? type.name ?? ''),
	}));
}

export async function getRealms(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const realms = await oktaApiRequestAllItems.call(this, '/api/v1/realms', {}, { returnAll: true });
	return realms.map((realm) => ({
		name: String((realm.profile as IDataObject)?.name ?? realm.id),
		value: String(realm.id),
		description: String((realm.profile as IDataObject)?.realmType ?? ''),
	}));
}
