import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { appLocator, userLocator } from '../../descriptions/locators';
import { oktaApiError, oktaApiRequestFull, oktaPath } from '../../transport';
import { resolveUserId } from '../lookup';
import { getLocatorValue } from '../validation';
import { explainNotFound, getApp, grantingGroups, readAppUser, refusal } from './shared';

const properties: INodeProperties[] = [
	appLocator(),
	userLocator(),
	{
		displayName: 'Send Email to Admins',
		name: 'sendEmail',
		type: 'boolean',
		default: false,
		description: 'Whether Okta emails the administrators about the deactivation in the app (sendEmail=true)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['unassignUser'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const userId = await resolveUserId(this, 'userId', itemIndex);
	const existing = await readAppUser(this, itemIndex, appId, userId);
	if (!existing) {
		// Reading the app fails with Okta's own 404 when the app itself does not exist.
		await getApp(this, itemIndex, appId);
		return { appId, id: userId, changed: false, message: 'Already absent: the user has no assignment to this app' };
	}
	const prefix = `Unassigning user ${userId} from app ${appId}`;
	const response = await oktaApiRequestFull.call(this, 'DELETE', oktaPath`/api/v1/apps/${appId}/users/${userId}`, {
		itemIndex,
		qs: this.getNodeParameter('sendEmail', itemIndex, false) ? { sendEmail: true } : {},
		acceptStatuses: [403, 404],
		subject: prefix,
	});
	if (response.statusCode === 403) {
		const errorCode = (response.body as IDataObject | undefined)?.errorCode;
		if (errorCode !== 'E0000046') throw oktaApiError(this.getNode(), { status: 403, headers: response.headers as Record<string, string>, body: response.body }, itemIndex, prefix);
		const groups = await grantingGroups(this, itemIndex, appId, userId);
		const through = groups.length ? `through the group${groups.length > 1 ? 's' : ''} ${groups.map((name) => `"${name}"`).join(', ')}` : 'through a group';
		throw refusal(
			this,
			itemIndex,
			response,
			prefix,
			`The user gets this app ${through}. Okta keeps an app that a group grants for as long as the membership lasts, even when the user was also assigned directly: remove the user from ${groups.length > 1 ? 'those groups' : 'that group'} (Group > Remove User), and the app goes with it.`,
		);
	}
	if (response.statusCode === 404) {
		// Either the app is inactive (Okta's 404 for the app instance), or the assignment is gone by now: an
		// earlier attempt whose answer was lost, or someone else. Reading it again tells them apart.
		if (!(await readAppUser(this, itemIndex, appId, userId))) {
			const app = await getApp(this, itemIndex, appId);
			if (app.status === 'ACTIVE') return { appId, id: userId, changed: true, message: 'Unassigned (confirmed by reading the assignment after Okta answered "not found")' };
		}
		throw await explainNotFound(this, itemIndex, appId, response, prefix, 'Okta found no such assignment.');
	}
	return { appId, id: userId, scope: existing.scope, changed: true, message: 'Unassigned' };
}
