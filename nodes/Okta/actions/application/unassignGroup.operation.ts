import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { appLocator, groupLocator } from '../../descriptions/locators';
import { oktaApiRequestFull, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';
import { explainNotFound, getApp, readGroupAssignment } from './shared';

const properties: INodeProperties[] = [appLocator(), groupLocator()];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['unassignGroup'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	if (!(await readGroupAssignment(this, itemIndex, appId, groupId))) {
		await getApp(this, itemIndex, appId);
		return { appId, id: groupId, changed: false, message: 'Already absent: the group is not assigned to this app' };
	}
	const prefix = `Unassigning group ${groupId} from app ${appId}`;
	const response = await oktaApiRequestFull.call(this, 'DELETE', oktaPath`/api/v1/apps/${appId}/groups/${groupId}`, { itemIndex, acceptStatuses: [404], subject: prefix });
	if (response.statusCode === 404) {
		// Gone by now (an earlier attempt whose answer was lost, or someone else), or the app is inactive.
		if (!(await readGroupAssignment(this, itemIndex, appId, groupId)) && (await getApp(this, itemIndex, appId)).status === 'ACTIVE') {
			return { appId, id: groupId, changed: true, message: 'Unassigned (confirmed by reading the assignment after Okta answered "not found")' };
		}
		throw await explainNotFound(this, itemIndex, appId, response, prefix, 'Okta found no such group assignment.');
	}
	return { appId, id: groupId, changed: true, message: 'Unassigned: members who had the app only through this group lose it' };
}
