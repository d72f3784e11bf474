import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { changeDeviceStatus, deviceLifecycleDescription } from './lifecycle';

export const description = deviceLifecycleDescription(
	'suspend',
	'Okta can only suspend ACTIVE devices. Suspension is temporary and not destructive; a suspended device can only be unsuspended or deactivated.',
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await changeDeviceStatus.call(this, itemIndex, 'suspend');
}
