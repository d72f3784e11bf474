import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyProperty } from '../../descriptions/common';
import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { simplifyUser } from '../simplify';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [userLocator(), simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const userId = getLocatorValue(this, 'userId', itemIndex, 'User');
	const user = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/users/${userId}`, { itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? simplifyUser(user) : user;
}
