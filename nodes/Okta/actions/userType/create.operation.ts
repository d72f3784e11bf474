import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { oktaApiRequest } from '../../transport';
import { fieldError, requiredString } from '../validation';

const properties: INodeProperties[] = [
	{
		displayName: 'Okta allows at most 9 user types besides the default one; creating a tenth fails',
		name: 'limitNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'contractor',
		description: 'API name: starts with a letter, then letters, digits or underscores. It cannot be changed later.',
	},
	{ displayName: 'Display Name', name: 'displayName', type: 'string', required: true, default: '', placeholder: 'Contractor' },
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
];

export const description = updateDisplayOptions({ show: { resource: ['userType'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = requiredString(this, itemIndex, 'name', 'Name');
	if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
		throw fieldError(this, itemIndex, 'Name', `"${name}" must start with a letter and contain only letters, digits and underscores`);
	}
	const displayName = requiredString(this, itemIndex, 'displayName', 'Display Name');
	const body = { name, displayName, description: this.getNodeParameter('description', itemIndex, '') as string };
	return await oktaApiRequest.call(this, 'POST', '/api/v1/meta/types/user', { body, itemIndex });
}
