import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { oktaApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Returns the OpenID Connect claims of the admin who connected the OAuth2 credential. Needs Authentication "OAuth2" with the openid and profile (or email) scopes.',
		name: 'userInfoNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getUserInfo'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	if (this.getNodeParameter('authentication', itemIndex) !== 'oAuth2') {
		throw new NodeOperationError(
			this.getNode(),
			'Get User Info needs the OAuth2 credential: it returns the claims of the signed-in user, which an API token or a service app does not have',
			{ itemIndex, description: 'Set Authentication to "OAuth2 (Sign in with Okta)" and keep the openid and profile scopes' },
		);
	}
	return await oktaApiRequest.call(this, 'GET', '/oauth2/v1/userinfo', { itemIndex });
}
