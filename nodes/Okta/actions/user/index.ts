import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createOrUpdate from './createOrUpdate.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getApplications from './getApplications.operation';
import * as getBlocks from './getBlocks.operation';
import * as getGroups from './getGroups.operation';
import * as getMany from './getMany.operation';
import * as getUserInfo from './getUserInfo.operation';
import * as replace from './replace.operation';
import * as update from './update.operation';

export const operations = { create, createOrUpdate, delete: del, get, getApplications, getBlocks, getGroups, getMany, getUserInfo, replace, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a user, active or staged', action: 'Create a user' },
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description: 'Create the user, or change only the attributes that differ (matched by login or email)',
				action: 'Create or update a user',
			},
			{ name: 'Delete', value: 'delete', description: 'Deactivate and permanently delete a user, or only deactivate', action: 'Delete a user' },
			{ name: 'Get', value: 'get', description: 'Get a user by ID or login', action: 'Get a user' },
			{ name: 'Get Applications', value: 'getApplications', description: 'List the apps a user has, directly or through groups (their app links)', action: 'Get applications of a user' },
			{ name: 'Get Blocks', value: 'getBlocks', description: 'List the sign-in blocks on a user (locked-out devices and locations)', action: 'Get blocks of a user' },
			{ name: 'Get Groups', value: 'getGroups', description: 'List the groups a user belongs to', action: 'Get groups of a user' },
			{ name: 'Get Many', value: 'getMany', description: 'List or search users', action: 'Get many users' },
			{ name: 'Get User Info', value: 'getUserInfo', description: 'Get the OpenID Connect claims of the signed-in admin (OAuth2 only)', action: 'Get user info' },
			{ name: 'Replace', value: 'replace', description: 'Replace a user\'s whole profile, or move them to another user type', action: 'Replace a user' },
			{ name: 'Update', value: 'update', description: 'Change some of a user\'s profile attributes', action: 'Update a user' },
		],
		default: 'get',
	},
	...create.description,
	...createOrUpdate.description,
	...del.description,
	...get.description,
	...getApplications.description,
	...getBlocks.description,
	...getGroups.description,
	...getMany.description,
	...getUserInfo.description,
	...replace.description,
	...update.description,
];
