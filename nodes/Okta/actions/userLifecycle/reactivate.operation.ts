import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';
import { returnUserProperty, sendEmailProperty, userLifecycleOutput } from './lifecycle';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Okta can only reactivate users whose activation is pending (status PROVISIONED or RECOVERY). It restarts their activation with a new link.',
		name: 'reactivateNotice',
		type: 'notice',
		default: '',
	},
	sendEmailProperty(
		'Whether Okta emails the user a new activation link. When off, the output contains the activation link (activationUrl) and token (activationToken) for you to deliver.',
	),
	returnUserProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['reactivate'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	const sendEmail = this.getNodeParameter('sendEmail', itemIndex, true) as boolean;
	// Not repeated after a network failure: each call issues a new activation token and may mail it.
	const body = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/reactivate`, {
		qs: { sendEmail },
		itemIndex,
	});
	return await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'reactivate', body });
}
