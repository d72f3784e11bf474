import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../descriptions/common';
import { appLocator } from '../../descriptions/locators';
import { oktaPath } from '../../transport';
import { listItems } from '../lookup';
import { nonEmpty } from '../query';
import { getLocatorValue } from '../validation';
import { includeUserProperty, simplifyAppUser } from './shared';

const properties: INodeProperties[] = [
	appLocator(),
	includeUserProperty,
	...listProperties([
		{
			displayName: 'Starts With',
			name: 'q',
			type: 'string',
			default: '',
			placeholder: 'jane',
			description: 'Only app users whose app username, first name, last name or email starts with this text',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['getAssignedUsers'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const expand = this.getNodeParameter('includeUser', itemIndex, false) ? 'user' : '';
	return await listItems(this, itemIndex, oktaPath`/api/v1/apps/${appId}/users`, (filters) => nonEmpty({ q: filters.q, expand }), simplifyAppUser);
}
