import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../descriptions/common';
import { listItems } from '../lookup';

const properties: INodeProperties[] = listProperties([], { simplify: false });

export const description = updateDisplayOptions({ show: { resource: ['userType'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listItems(this, itemIndex, '/api/v1/meta/types/user', {});
}
