import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../descriptions/common';
import { groupLocator } from '../../descriptions/locators';
import { oktaPath } from '../../transport';
import { simplifyUser } from '../simplify';
import { listItems } from '../lookup';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [groupLocator(), ...listProperties([])];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['getMembers'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	return await listItems(this, itemIndex, oktaPath`/api/v1/groups/${groupId}/users`, {}, simplifyUser);
}
