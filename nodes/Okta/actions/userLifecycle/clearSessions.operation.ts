import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { resolveUserId } from '../lookup';
import { returnUserProperty, userLifecycleOutput } from './lifecycle';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Revoke OAuth Tokens',
		name: 'oauthTokens',
		type: 'boolean',
		default: false,
		description: 'Whether to also revoke the OpenID Connect and OAuth access and refresh tokens issued to the user',
	},
	{
		displayName: 'Forget Devices',
		name: 'forgetDevices',
		type: 'boolean',
		default: true,
		description: 'Whether to also clear the factors the user chose to remember on their devices, so every device asks for MFA again',
	},
	returnUserProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['clearSessions'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	// Unlike the lifecycle endpoints, the sessions endpoint takes only the user's ID, not a login.
	const userId = await resolveUserId(this, 'userId', itemIndex);
	const oauthTokens = this.getNodeParameter('oauthTokens', itemIndex, false) as boolean;
	// Sent explicitly: Okta's default differs between Identity Engine (true) and Classic Engine (false).
	const forgetDevices = this.getNodeParameter('forgetDevices', itemIndex, true) as boolean;
	await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/users/${userId}/sessions`, {
		qs: { oauthTokens, forgetDevices },
		itemIndex,
	});
	const output = await userLifecycleOutput(this, itemIndex, { userRef: userId, action: 'clearSessions', resolvedId: true });
	return { ...output, oauthTokensRevoked: oauthTokens, devicesForgotten: forgetDevices };
}
