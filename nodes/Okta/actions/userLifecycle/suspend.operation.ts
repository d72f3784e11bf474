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
		displayName: 'Okta can only suspend ACTIVE users. Suspended users cannot sign in but keep their group and app assignments.',
		name: 'suspendNotice',
		type: 'notice',
		default: '',
	},
	returnUserProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['suspend'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	// Repeated after a network failure or 5xx: suspending twice ends the same way and mails nobody. Should
	// the first attempt have landed, Okta refuses the repeat; the user's status then shows it was done.
	const body = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/suspend`, {
		itemIndex,
		idempotent: true,
		confirmAfterRefusedRepeat: confirmUserStatus(this, itemIndex, user, 'SUSPENDED'),
	});
	return { ...(await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'suspend', body })), ...retryNote(body) };
}
