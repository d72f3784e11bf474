import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { appLocator } from '../../descriptions/locators';
import { changeAppStatus } from './shared';

const properties: INodeProperties[] = [appLocator()];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['deactivate'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await changeAppStatus(this, itemIndex, 'deactivate');
}
