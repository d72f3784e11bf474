import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { changeDeviceStatus, deviceLifecycleDescription } from './lifecycle';

export const description = deviceLifecycleDescription(
	'unsuspend',
	'Okta can only unsuspend SUSPENDED devices; they return to ACTIVE.',
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await changeDeviceStatus.call(this, itemIndex, 'unsuspend');
}
