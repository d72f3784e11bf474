import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaApiRequestOutcome, oktaPath } from '../../transport';
import { reconcileUserStatus } from '../reconcile';
import { getLocatorValue } from '../validation';

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
	const user = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/users/${userId}`, { itemIndex });
	const id = String(user.id);
	const notes: string[] = [];
	// Okta's DELETE on a user who is not yet DEPROVISIONED only deactivates, and a second one deletes: a blind
	// repeat of a first DELETE whose answer was lost would delete a user meant only to be deactivated. So the
	// deactivation goes through the lifecycle endpoint, whose repeat cannot do more than deactivate.
	if (user.status !== 'DEPROVISIONED') {
		const deactivated = await oktaApiRequestOutcome.call(this, 'POST', oktaPath`/api/v1/users/${id}/lifecycle/deactivate`, {
			qs,
			itemIndex,
			repeat: reconcileUserStatus(this, itemIndex, id, 'DEPROVISIONED'),
		});
		if (deactivated.resolvedAfterRetry) notes.push(deactivated.resolvedAfterRetry);
	}
	if (mode === 'deactivate') return { id, deleted: false, status: 'DEPROVISIONED', ...resolved(notes) };
	// The user is DEPROVISIONED now, so this DELETE deletes; after an ambiguous failure, 404 means it already did.
	const deleted = await oktaApiRequestOutcome.call(this, 'DELETE', oktaPath`/api/v1/users/${id}`, {
		qs,
		itemIndex,
		repeat: {
			reconcile: async (refusal) =>
				refusal.status === 404
					? { body: {}, resolvedAfterRetry: 'An earlier attempt was cut off but had reached Okta: the user is already deleted' }
					: undefined,
		},
	});
	if (deleted.resolvedAfterRetry) notes.push(deleted.resolvedAfterRetry);
	return { id, deleted: true, status: 'DELETED', ...resolved(notes) };
}

function resolved(notes: string[]): IDataObject {
	return notes.length ? { resolvedAfterRetry: notes.join('; ') } : {};
}
