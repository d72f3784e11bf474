import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { changeUserStatus, userLifecycleDescription } from './lifecycle';

export const description = userLifecycleDescription(
	'unlock',
	'Unlocks a LOCKED_OUT user, or an ACTIVE user blocked from unknown devices, who can then sign in with their current password. Works for Okta-sourced users only, not Active Directory ones.',
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await changeUserStatus.call(this, itemIndex, 'unlock');
}
