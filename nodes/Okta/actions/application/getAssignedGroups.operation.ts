import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../descriptions/common';
import { appLocator } from '../../descriptions/locators';
import { oktaPath } from '../../transport';
import { listItems } from '../lookup';
import { nonEmpty } from '../query';
import { getLocatorValue } from '../validation';
import { simplifyGroupAssignment } from './shared';

const properties: INodeProperties[] = [
	appLocator(),
	{
		displayName: 'Include Group',
		name: 'includeGroup',
		type: 'boolean',
		default: true,
		description: 'Whether to embed each group (expand=group), so the output has the group name',
	},
	...listProperties([
		{ displayName: 'Name Starts With', name: 'q', type: 'string', default: '', placeholder: 'Eng', description: 'Only groups whose name starts with this text' },
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['getAssignedGroups'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const expand = this.getNodeParameter('includeGroup', itemIndex, true) ? 'group' : '';
	return await listItems(this, itemIndex, oktaPath`/api/v1/apps/${appId}/groups`, (filters) => nonEmpty({ q: filters.q, expand }), simplifyGroupAssignment);
}
