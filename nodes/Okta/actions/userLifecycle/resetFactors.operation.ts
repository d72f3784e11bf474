import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../utils';
import { returnUserProperty, userLifecycleOutput } from './lifecycle';

const properties: INodeProperties[] = [
	userLocator(),
	{
		displayName: 'Returns every MFA factor the user enrolled to unenrolled. The user stays ACTIVE and enrolls again at next sign-in.',
		name: 'resetFactorsNotice',
		type: 'notice',
		default: '',
	},
	returnUserProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: ['resetFactors'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	// Repeated after a network failure or 5xx: the factors end up unenrolled however often it runs.
	const body = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/reset_factors`, { itemIndex, idempotent: true });
	return await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'resetFactors', body });
}
