import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userTypeLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue, requiredString } from '../validation';

const properties: INodeProperties[] = [
	userTypeLocator(),
	{
		displayName: 'Replace writes the whole user type: a description left empty is cleared. The name cannot change and is kept.',
		name: 'replaceNotice',
		type: 'notice',
		default: '',
	},
	{ displayName: 'Display Name', name: 'displayName', type: 'string', required: true, default: '' },
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
];

export const description = updateDisplayOptions({ show: { resource: ['userType'], operation: ['replace'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const typeId = getLocatorValue(this, 'typeId', itemIndex, 'User Type');
	const displayName = requiredString(this, itemIndex, 'displayName', 'Display Name');
	// Okta's PUT needs the unchanged name, which the user should not have to retype.
	const current = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/meta/types/user/${typeId}`, { itemIndex });
	const body = { name: current.name, displayName, description: this.getNodeParameter('description', itemIndex, '') as string };
	return await oktaApiRequest.call(this, 'PUT', oktaPath`/api/v1/meta/types/user/${typeId}`, { body, itemIndex });
}
