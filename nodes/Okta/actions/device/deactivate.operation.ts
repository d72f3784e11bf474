import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { changeDeviceStatus, deviceLifecycleDescription } from './lifecycle';

export const description = deviceLifecycleDescription(
	'deactivate',
	'Deactivation removes all the user links of the device and destroys its device factors and client certificates; the user must re-enroll it with Okta Verify. Deactivate a device before deleting it.',
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await changeDeviceStatus.call(this, itemIndex, 'deactivate');
}
