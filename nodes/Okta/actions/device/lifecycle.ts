import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deviceLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { simplifyDevice } from '../simplify';
import { getLocatorValue } from '../validation';

export type DeviceLifecycleAction = 'activate' | 'deactivate' | 'suspend' | 'unsuspend';

/**
 * Okta answers device status changes with 204 and no body. Flows that change a device usually report or
 * branch on the result next, so by default the device is read back (one GET) and the output is the
 * simplified device plus `action`, the same shape as Get.
 */
const returnDeviceProperty: INodeProperties = {
	displayName: 'Return Device',
	name: 'returnDevice',
	type: 'boolean',
	default: true,
	description:
		'Whether to read the device back after the change and output its current status and profile (one extra request per item). When off, the output holds only the ID and the action.',
};

/** The description of one device status change: which device, and whether to read it back. */
export function deviceLifecycleDescription(operation: DeviceLifecycleAction, notice: string): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['device'], operation: [operation] } }, [
		deviceLocator(),
		{ displayName: notice, name: `${operation}Notice`, type: 'notice', default: '' },
		returnDeviceProperty,
	]);
}

/** The output of a device status change: the device read back (unless Return Device is off) and the action. */
export async function deviceLifecycleOutput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	deviceId: string,
	action: string,
): Promise<IDataObject> {
	if (!ctx.getNodeParameter('returnDevice', itemIndex, true)) return { id: deviceId, action };
	const device = await oktaApiRequest.call(ctx, 'GET', oktaPath`/api/v1/devices/${deviceId}`, { itemIndex });
	return { ...simplifyDevice(device), action };
}

/**
 * Runs a device status change. Every one is repeated after a network failure or 5xx: each only sets a
 * status, so running it twice ends the same way, and nothing is minted or sent to anyone. Should the first
 * attempt have landed and Okta refuse the repeat for the status it is now in, its error says so.
 */
export async function changeDeviceStatus(
	this: IExecuteFunctions,
	itemIndex: number,
	action: DeviceLifecycleAction,
): Promise<IDataObject> {
	const deviceId = getLocatorValue(this, 'deviceId', itemIndex, 'Device');
	await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/devices/${deviceId}/lifecycle/${action}`, {
		itemIndex,
		repeat: 'safe',
	});
	return await deviceLifecycleOutput(this, itemIndex, deviceId, action);
}
