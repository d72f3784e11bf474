import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyProperty } from '../../descriptions/common';
import { appLocator, userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { resolveUserId } from '../lookup';
import { getLocatorValue } from '../validation';
import { includeUserProperty, simplifyAppUser } from './shared';

const properties: INodeProperties[] = [appLocator(), userLocator(), includeUserProperty, simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['getAssignedUser'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const userId = await resolveUserId(this, 'userId', itemIndex);
	const qs = this.getNodeParameter('includeUser', itemIndex, false) ? { expand: 'user' } : {};
	const appUser = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/apps/${appId}/users/${userId}`, { itemIndex, qs });
	return this.getNodeParameter('simplify', itemIndex, true) ? { appId, ...simplifyAppUser(appUser) } : appUser;
}
