import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const operations = { create, delete: del, get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['realm'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a realm', action: 'Create a realm' },
			{ name: 'Delete', value: 'delete', description: 'Delete a realm that has no users', action: 'Delete a realm' },
			{ name: 'Get', value: 'get', description: 'Get a realm', action: 'Get a realm' },
			{ name: 'Get Many', value: 'getMany', description: 'List or search realms', action: 'Get many realms' },
			{ name: 'Update', value: 'update', description: 'Change a realm\'s name, type or domains', action: 'Update a realm' },
		],
		default: 'get',
	},
	...create.description,
	...del.description,
	...get.description,
	...getMany.description,
	...update.description,
];
