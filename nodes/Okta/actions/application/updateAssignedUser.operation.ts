import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { appLocator, userLocator } from '../../descriptions/locators';
import { oktaApiRequestFull, oktaPath } from '../../transport';
import { resolveUserId } from '../lookup';
import { fieldError, getLocatorValue } from '../validation';
import { appUserBody, appUserFields, explainNotFound, simplifyAppUser } from './shared';

const properties: INodeProperties[] = [appLocator(), userLocator(), ...appUserFields('updateAssignedUser')];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['updateAssignedUser'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const userId = await resolveUserId(this, 'userId', itemIndex);
	const body = appUserBody(this, itemIndex);
	if (!body.credentials && !body.profile) throw fieldError(this, itemIndex, 'App Username', 'set an App Username or at least one App Profile attribute to change');
	const prefix = `Updating the assignment of user ${userId} to app ${appId}`;
	// Setting the same values again is harmless, so a request whose answer was lost is sent again.
	const response = await oktaApiRequestFull.call(this, 'POST', oktaPath`/api/v1/apps/${appId}/users/${userId}`, {
		itemIndex,
		body,
		repeat: 'safe',
		acceptStatuses: [404],
		subject: prefix,
	});
	if (response.statusCode === 404) {
		throw await explainNotFound(this, itemIndex, appId, response, prefix, 'The user is not assigned to this app (or does not exist). Assign them first with Application > Assign User.');
	}
	return { appId, ...simplifyAppUser(response.body as IDataObject) };
}
