import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';
import { returnUserProperty, revokeSessionsProperty, sendEmailProperty, userLifecycleOutput } from './lifecycle';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName:
			'The user moves to status RECOVERY and cannot sign in until they finish the reset with a one-time link',
		name: 'resetPasswordNotice',
		type: 'notice',
		default: '',
	},
	sendEmailProperty(
		'Whether Okta emails the user the reset link. When off, the output contains the link (resetPasswordUrl) for you to deliver, e.g. by chat or SMS.',
	),
	revokeSessionsProperty,
	returnUserProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['resetPassword'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	const sendEmail = this.getNodeParameter('sendEmail', itemIndex, true) as boolean;
	const revokeSessions = this.getNodeParameter('revokeSessions', itemIndex, false) as boolean;
	// Not repeated after a network failure: each call issues a new one-time link and may mail it.
	const body = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/reset_password`, {
		qs: { sendEmail, revokeSessions },
		itemIndex,
	});
	return await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'resetPassword', body });
}
