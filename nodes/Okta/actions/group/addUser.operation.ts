import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupLocator, userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { resolveUserId } from '../lookup';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [groupLocator(), userLocator()];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['addUser'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	const userId = await resolveUserId(this, 'userId', itemIndex);
	// PUT is idempotent in Okta: adding an existing member succeeds again.
	await oktaApiRequest.call(this, 'PUT', oktaPath`/api/v1/groups/${groupId}/users/${userId}`, { itemIndex });
	return { groupId, userId, added: true };
}
