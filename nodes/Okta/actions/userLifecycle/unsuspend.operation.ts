import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { changeUserStatus, userLifecycleDescription } from './lifecycle';

export const description = userLifecycleDescription(
	'unsuspend',
	'Okta can only unsuspend SUSPENDED users; they return to ACTIVE.',
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await changeUserStatus.call(this, itemIndex, 'unsuspend');
}
