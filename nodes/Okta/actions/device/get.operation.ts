import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyProperty } from '../../descriptions/common';
import { deviceLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { simplifyDevice } from '../simplify';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [deviceLocator(), simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const deviceId = getLocatorValue(this, 'deviceId', itemIndex, 'Device');
	const device = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/devices/${deviceId}`, { itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? simplifyDevice(device) : device;
}
