import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';
import { userLifecycleDescription, userLifecycleOutput } from './lifecycle';

export const description = userLifecycleDescription(
	'resetFactors',
	'Returns every MFA factor the user enrolled to unenrolled. The user stays ACTIVE and enrolls again at next sign-in.',
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	// Repeated after a network failure or 5xx: the factors end up unenrolled however often it runs.
	const body = await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/reset_factors`, { itemIndex, repeat: 'safe' });
	return await userLifecycleOutput(this, itemIndex, { userRef: user, action: 'resetFactors', body });
}
