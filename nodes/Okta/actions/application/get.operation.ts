import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyProperty } from '../../descriptions/common';
import { appLocator } from '../../descriptions/locators';
import { getLocatorValue } from '../validation';
import { getApp, simplifyApp } from './shared';

const properties: INodeProperties[] = [appLocator(), simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const app = await getApp(this, itemIndex, appId);
	return this.getNodeParameter('simplify', itemIndex, true) ? simplifyApp(app) : app;
}
