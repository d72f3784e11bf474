import type { INodeProperties } from 'n8n-workflow';

import * as activate from './activate.operation';
import * as assignGroup from './assignGroup.operation';
import * as assignUser from './assignUser.operation';
import * as deactivate from './deactivate.operation';
import * as get from './get.operation';
import * as getAssignedGroups from './getAssignedGroups.operation';
import * as getAssignedUser from './getAssignedUser.operation';
import * as getAssignedUsers from './getAssignedUsers.operation';
import * as getMany from './getMany.operation';
import * as unassignGroup from './unassignGroup.operation';
import * as unassignUser from './unassignUser.operation';
import * as updateAssignedUser from './updateAssignedUser.operation';

export const operations = {
	activate,
	assignGroup,
	assignUser,
	deactivate,
	get,
	getAssignedGroups,
	getAssignedUser,
	getAssignedUsers,
	getMany,
	unassignGroup,
	unassignUser,
	updateAssignedUser,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['application'] } },
		options: [
			{ name: 'Activate', value: 'activate', description: 'Activate an inactive app', action: 'Activate an application' },
			{ name: 'Assign Group', value: 'assignGroup', description: 'Give every member of a group the app', action: 'Assign a group to an application' },
			{ name: 'Assign User', value: 'assignUser', description: 'Give a user the app, for SSO only or with provisioning', action: 'Assign a user to an application' },
			{ name: 'Deactivate', value: 'deactivate', description: 'Deactivate an app', action: 'Deactivate an application' },
			{ name: 'Get', value: 'get', description: 'Get an app', action: 'Get an application' },
			{ name: 'Get Assigned Groups', value: 'getAssignedGroups', description: 'List the groups assigned to an app', action: 'Get groups assigned to an application' },
			{ name: 'Get Assigned User', value: 'getAssignedUser', description: 'Get one user\'s assignment: scope (direct or group), app username, app profile', action: 'Get a user assigned to an application' },
			{ name: 'Get Assigned Users', value: 'getAssignedUsers', description: 'List the users who have an app, directly or through groups', action: 'Get users assigned to an application' },
			{ name: 'Get Many', value: 'getMany', description: 'List apps, by label, status, user or group', action: 'Get many applications' },
			{ name: 'Unassign Group', value: 'unassignGroup', description: 'Take the app away from a group', action: 'Unassign a group from an application' },
			{ name: 'Unassign User', value: 'unassignUser', description: 'Remove a user\'s direct assignment to an app', action: 'Unassign a user from an application' },
			{ name: 'Update Assigned User', value: 'updateAssignedUser', description: 'Change a user\'s app username or app profile', action: 'Update a user assigned to an application' },
		],
		default: 'get',
	},
	...activate.description,
	...assignGroup.description,
	...assignUser.description,
	...deactivate.description,
	...get.description,
	...getAssignedGroups.description,
	...getAssignedUser.description,
	...getAssignedUsers.description,
	...getMany.description,
	...unassignGroup.description,
	...unassignUser.description,
	...updateAssignedUser.description,
];
