import type { INodeProperties } from 'n8n-workflow';

import * as addUser from './addUser.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getMembers from './getMembers.operation';
import * as removeUser from './removeUser.operation';
import * as setMembers from './setMembers.operation';
import * as update from './update.operation';

export const operations = { addUser, create, delete: del, get, getMany, getMembers, removeUser, setMembers, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{ name: 'Add User', value: 'addUser', description: 'Add a user to a group', action: 'Add a user to a group' },
			{ name: 'Create', value: 'create', description: 'Create an Okta group', action: 'Create a group' },
			{ name: 'Delete', value: 'delete', description: 'Delete a group', action: 'Delete a group' },
			{ name: 'Get', value: 'get', description: 'Get a group', action: 'Get a group' },
			{ name: 'Get Many', value: 'getMany', description: 'List or search groups', action: 'Get many groups' },
			{ name: 'Get Members', value: 'getMembers', description: 'List the users in a group', action: 'Get members of a group' },
			{ name: 'Remove User', value: 'removeUser', description: 'Remove a user from a group', action: 'Remove a user from a group' },
			{
				name: 'Set Members',
				value: 'setMembers',
				description: 'Sync the group to a list of users: add the missing, remove the extra, with a removal guard and dry run',
				action: 'Set the members of a group',
			},
			{ name: 'Update', value: 'update', description: 'Change a group\'s name, description or attributes', action: 'Update a group' },
		],
		default: 'get',
	},
	...addUser.description,
	...create.description,
	...del.description,
	...get.description,
	...getMany.description,
	...getMembers.description,
	...removeUser.description,
	...setMembers.description,
	...update.description,
];
