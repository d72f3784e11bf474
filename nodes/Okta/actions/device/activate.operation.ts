import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { changeDeviceStatus, deviceLifecycleDescription } from './lifecycle';

export const description = deviceLifecycleDescription(
	'activate',
	'Sets a device to ACTIVE so it can be linked to users again',
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await changeDeviceStatus.call(this, itemIndex, 'activate');
}
