import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userTypeLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../utils';

const properties: INodeProperties[] = [
	{
		displayName: 'The default user type, and any type still assigned to users, cannot be deleted',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	userTypeLocator(),
];

export const description = updateDisplayOptions({ show: { resource: ['userType'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const typeId = getLocatorValue(this, 'typeId', itemIndex, 'User Type');
	await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/meta/types/user/${typeId}`, { itemIndex });
	return { id: typeId, deleted: true };
}
