import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userTypeLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { fieldError, getLocatorValue } from '../validation';

const properties: INodeProperties[] = [
	{
		displayName: 'The default user type, and any type still assigned to users, cannot be deleted. Move those users to another type first.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	userTypeLocator(),
];

export const description = updateDisplayOptions({ show: { resource: ['userType'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const typeId = getLocatorValue(this, 'typeId', itemIndex, 'User Type');
	// Okta's refusal of the default type is a 403, easily mistaken for a missing scope, so it is checked first.
	const current = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/meta/types/user/${typeId}`, { itemIndex });
	if (current.default === true) {
		throw fieldError(this, itemIndex, 'User Type', `"${String(current.name)}" is Okta's default user type, which cannot be deleted`);
	}
	await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/meta/types/user/${typeId}`, { itemIndex });
	return { id: typeId, deleted: true };
}
