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
		displayName: 'Okta can only unsuspend SUSPENDED users; they return to ACTIVE.',
		name: 'unsuspendNotice',
		type: 'notice',
		default: '',
	},
	returnUserProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['unsuspend'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	// Repeated after a network failure or 5xx: unsuspending twice ends the same way and mails nobody. Should
	// the first attempt have landed, Okta refuses the repeat; the user's status then shows it was done.
	const body = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/unsuspend`, {
		itemIndex,
		idempotent: true,
		confirmAfterRefusedRepeat: confirmUserStatus(this, itemIndex, user, 'ACTIVE'),
	});
	return { ...(await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'unsuspend', body })), ...retryNote(body) };
}
