import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../utils';
import { confirmUserStatus, retryNote } from './confirmStatus';
import { returnUserProperty, userLifecycleOutput } from './lifecycle';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName:
			'Deactivation deprovisions the user from every assigned app, which can destroy app data such as mailboxes or files. It cannot be undone.',
		name: 'deactivateNotice',
		type: 'notice',
		default: '',
	},
	returnUserProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Run in Background',
				name: 'async',
				type: 'boolean',
				default: false,
				description:
					'Whether Okta finishes the deactivation asynchronously (Prefer: respond-async). Use it for users with many app assignments whose deactivation would otherwise time out; the user shows transitioningToStatus DEPROVISIONED until done.',
			},
			{
				displayName: 'Send Email to Admin',
				name: 'sendEmail',
				type: 'boolean',
				default: false,
				description: 'Whether Okta emails the admins about the deactivation',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['deactivate'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// Repeated after a network failure or 5xx: deactivating twice ends the same way and mails no user. Should
	// the first attempt have landed, Okta refuses the repeat; the user's status then shows it was done.
	const body = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/deactivate`, {
		qs: { sendEmail: options.sendEmail === true },
		headers: options.async === true ? { Prefer: 'respond-async' } : undefined,
		itemIndex,
		idempotent: true,
		confirmAfterRefusedRepeat: confirmUserStatus(this, itemIndex, user, 'DEPROVISIONED'),
	});
	return { ...(await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'deactivate', body })), ...retryNote(body) };
}
