import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../utils';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Mode',
		name: 'deleteMode',
		type: 'options',
		options: [
			{
				name: 'Permanently Delete',
				value: 'permanent',
				description: 'Deactivate the user (if still active) and then delete them. This cannot be undone.',
			},
			{
				name: 'Deactivate Only',
				value: 'deactivate',
				description: 'Deactivate (DEPROVISIONED): the user can no longer sign in but stays in Okta and can be reactivated',
			},
		],
		default: 'permanent',
	},
	{
		displayName: 'Send Email to Admins',
		name: 'sendEmail',
		type: 'boolean',
		default: false,
		description: 'Whether Okta emails the org admins about the deactivation or deletion',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const userId = getLocatorValue(this, 'userId', itemIndex, 'User');
	const mode = this.getNodeParameter('deleteMode', itemIndex, 'permanent') as string;
	const qs = { sendEmail: this.getNodeParameter('sendEmail', itemIndex, false) as boolean };
	const path = oktaPath`/api/v1/users/${userId}`;
	const user = await oktaApiRequest.call(this, 'GET', path, { itemIndex });
	const id = String(user.id);
	// Okta's first DELETE only deactivates a user who is not yet DEPROVISIONED; the second deletes.
	if (user.status !== 'DEPROVISIONED') {
		await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/users/${id}`, { qs, itemIndex });
	}
	if (mode === 'deactivate') return { id, deleted: false, status: 'DEPROVISIONED' };
	await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/users/${id}`, { qs, itemIndex });
	return { id, deleted: true, status: 'DELETED' };
}
