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
		displayName: 'Unlocks a LOCKED_OUT user, or an ACTIVE user blocked from unknown devices, who can then sign in with their current password. Works for Okta-sourced users only, not Active Directory ones.',
		name: 'unlockNotice',
		type: 'notice',
		default: '',
	},
	returnUserProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['unlock'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	// Repeated after a network failure or 5xx: unlocking twice ends the same way and mails nobody. Should
	// the first attempt have landed, Okta refuses the repeat; the user's status then shows it was done.
	const body = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/unlock`, {
		itemIndex,
		idempotent: true,
		confirmAfterRefusedRepeat: confirmUserStatus(this, itemIndex, user, 'ACTIVE'),
	});
	return { ...(await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'unlock', body })), ...retryNote(body) };
}
