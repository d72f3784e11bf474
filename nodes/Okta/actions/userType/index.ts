import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as replace from './replace.operation';
import * as update from './update.operation';

export const operations = { create, delete: del, get, getMany, replace, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['userType'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a user type (an org can have at most 9 besides the default type)',
				action: 'Create a user type',
			},
			{ name: 'Delete', value: 'delete', description: 'Delete a custom user type that no user has', action: 'Delete a user type' },
			{ name: 'Get', value: 'get', description: 'Get a user type', action: 'Get a user type' },
			{ name: 'Get Many', value: 'getMany', description: 'List all user types', action: 'Get many user types' },
			{ name: 'Replace', value: 'replace', description: 'Replace a user type\'s display name and description', action: 'Replace a user type' },
			{ name: 'Update', value: 'update', description: 'Change a user type\'s display name or description', action: 'Update a user type' },
		],
		default: 'get',
	},
	...create.description,
	...del.description,
	...get.description,
	...getMany.description,
	...replace.description,
	...update.description,
];
