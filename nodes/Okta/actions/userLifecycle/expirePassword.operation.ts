import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';
import { returnUserProperty, revokeSessionsProperty, userLifecycleOutput } from './lifecycle';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Set Temporary Password',
		name: 'tempPassword',
		type: 'boolean',
		default: false,
		description:
			'Whether to also replace the password with a temporary one that Okta generates. The output then contains it (tempPassword); the user signs in with it and must choose a new password.',
	},
	{ ...revokeSessionsProperty, displayOptions: { show: { tempPassword: [true] } } },
	returnUserProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['expirePassword'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	if (this.getNodeParameter('tempPassword', itemIndex, false)) {
		const revokeSessions = this.getNodeParameter('revokeSessions', itemIndex, false) as boolean;
		// Not repeated after a network failure: each call replaces the password, and a lost response
		// would lose the temporary password that is now in force.
		const body = await oktaApiRequest.call(
			this,
			'POST',
			oktaPath`/api/v1/users/${user}/lifecycle/expire_password_with_temp_password`,
			{ qs: { revokeSessions }, itemIndex },
		);
		return await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'expirePassword', body });
	}
	// Repeated after a network failure or 5xx: expiring twice ends the same way and mails nobody.
	// Okta answers with the user itself, so no read-back is needed.
	const expired = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/expire_password`, {
		itemIndex,
		repeat: 'safe',
	});
	return await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'expirePassword', user: expired });
}
