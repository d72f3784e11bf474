import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userTypeLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaPath } from '../../transport';
import { fieldError, getLocatorValue } from '../validation';

const properties: INodeProperties[] = [
	userTypeLocator(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the display name and description can change; the name is fixed',
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['userType'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const typeId = getLocatorValue(this, 'typeId', itemIndex, 'User Type');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (typeof fields.displayName === 'string' && fields.displayName.trim()) body.displayName = fields.displayName.trim();
	if (typeof fields.description === 'string') body.description = fields.description;
	if (Object.keys(body).length === 0) throw fieldError(this, itemIndex, 'Update Fields', 'add Display Name or Description');
	return await oktaApiRequest.call(this, 'POST', oktaPath`/api/v1/meta/types/user/${typeId}`, { body, itemIndex, repeat: 'safe' });
}
