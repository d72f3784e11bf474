import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deviceLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [
	deviceLocator(),
	{
		displayName: 'Deactivate First',
		name: 'deactivateFirst',
		type: 'boolean',
		default: true,
		description:
			'Whether to deactivate the device first if it is not DEACTIVATED yet. Okta only deletes deactivated devices; without this, deleting an ACTIVE or SUSPENDED device fails.',
	},
	{
		displayName: 'Deleting a device removes its record and all its profile data for good. The user must re-enroll it, which creates a new device.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const deviceId = getLocatorValue(this, 'deviceId', itemIndex, 'Device');
	let deactivated = false;
	if (this.getNodeParameter('deactivateFirst', itemIndex, true)) {
		const device = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/devices/${deviceId}`, { itemIndex });
		if (device.status !== 'DEACTIVATED') {
			// Repeated after a network failure or 5xx: deactivating twice ends the same way.
			await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/devices/${deviceId}/lifecycle/deactivate`, {
				itemIndex,
				repeat: 'safe',
			});
			deactivated = true;
		}
	}
	await oktaApiRequest.call(this, 'DELETE', oktaPath`/api/v1/devices/${deviceId}`, { itemIndex });
	return { id: deviceId, deleted: true, deactivated };
}
