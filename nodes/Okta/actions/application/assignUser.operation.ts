import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { appLocator, userLocator } from '../../descriptions/locators';
import { oktaApiRequestOutcome, oktaPath } from '../../transport';
import { resolveUserId } from '../lookup';
import { retryNote } from '../reconcile';
import { getLocatorValue } from '../validation';
import { appUserBody, appUserFields, explainNotFound, readAppUser, simplifyAppUser } from './shared';

const properties: INodeProperties[] = [
	appLocator(),
	userLocator(),
	{
		displayName: 'Assignment',
		name: 'assignmentType',
		type: 'options',
		options: [
			{ name: 'SSO Only', value: 'sso', description: 'The user can sign in to the app; nothing is provisioned' },
			{
				name: 'SSO and Provisioning',
				value: 'provisioning',
				description: 'Also set the app username and app profile attributes that Okta provisions to the app',
			},
		],
		default: 'sso',
	},
	...appUserFields('assignUser', { assignmentType: ['provisioning'] }),
];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['assignUser'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const userId = await resolveUserId(this, 'userId', itemIndex);
	const extra = this.getNodeParameter('assignmentType', itemIndex, 'sso') === 'provisioning' ? appUserBody(this, itemIndex) : {};
	const existing = await readAppUser(this, itemIndex, appId, userId);
	if (existing?.scope === 'USER') {
		return {
			appId,
			...simplifyAppUser(existing),
			changed: false,
			message: 'Already assigned: the user has this app directly. Nothing was changed; use Update Assigned User to change the app username or profile.',
		};
	}
	const prefix = `Assigning user ${userId} to app ${appId}`;
	// A repeat after a lost answer is safe (Okta updates an existing assignment in place); if Okta refuses it,
	// the assignment is read: a direct one means the first attempt landed.
	const outcome = await oktaApiRequestOutcome.call(this, 'POST', oktaPath`/api/v1/apps/${appId}/users`, {
		itemIndex,
		body: { id: userId, scope: 'USER', ...extra },
		acceptStatuses: [404],
		subject: prefix,
		repeat: {
			reconcile: async () => {
				const landed = await readAppUser(this, itemIndex, appId, userId);
				return landed?.scope === 'USER' ? { body: landed, resolvedAfterRetry: 'An earlier attempt was cut off but had reached Okta: the user is assigned' } : undefined;
			},
		},
	});
	if (outcome.statusCode === 404) {
		throw await explainNotFound(this, itemIndex, appId, { statusCode: 404, headers: {}, body: outcome.body }, prefix, 'Okta found no such user. Check the user ID or login.');
	}
	const body = outcome.body;
	return {
		appId,
		...simplifyAppUser(body),
		changed: true,
		message: existing
			? 'Assigned directly. The user already had the app through a group; now the app stays when they leave that group, until it is unassigned here.'
			: 'Assigned',
		...retryNote(outcome),
	};
}
