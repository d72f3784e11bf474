import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties } from '../../descriptions/common';
import { oktaApiRequest, oktaPath } from '../../transport';
import { listItems } from '../lookup';
import { fieldError } from '../validation';
import { simplifyApp } from './shared';

const properties: INodeProperties[] = [
	...listProperties([
		{
			displayName: 'Assigned to Group ID',
			name: 'groupId',
			type: 'string',
			default: '',
			placeholder: '00g1a2b3c4d5e6f7g8h9',
			description: 'Only apps this group is assigned to',
		},
		{
			displayName: 'Assigned to User (ID or Login)',
			name: 'user',
			type: 'string',
			default: '',
			placeholder: 'jane.doe@example.com',
			description:
				'Only apps this user has, directly or through a group. Each app then carries how the user has it: assignmentScope USER (directly) or GROUP (through a group membership).',
		},
		{
			displayName: 'Label or Name Starts With',
			name: 'q',
			type: 'string',
			default: '',
			placeholder: 'Slack',
			description: 'Okta\'s quick search: apps whose label or name starts with this text',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Active', value: 'ACTIVE' },
				{ name: 'Inactive', value: 'INACTIVE' },
			],
			default: 'ACTIVE',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['getMany'] } }, properties);

const OKTA_ID = /^[0-9A-Za-z]{6,40}$/;
/** Okta user IDs are "00u" and 17 more characters; anything else (a login or its short name) is looked up. */
const USER_ID = /^00u[0-9A-Za-z]{17}$/;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const clauses: string[] = [];
	if (filters.status) clauses.push(`status eq "${String(filters.status)}"`);
	const query: IDataObject = {};
	const userRef = String(filters.user ?? '').trim();
	if (userRef) {
		// A login is read once for its ID: the filter and expand need the ID.
		const userId = USER_ID.test(userRef) ? userRef : String((await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/users/${userRef}`, { itemIndex })).id);
		clauses.push(`user.id eq "${userId}"`);
		// Spec (queryAppsExpand): expand=user/{userId} works only with the user.id filter for the same user,
		// and embeds that user's assignment, whose scope says whether it is direct or through a group.
		query.expand = `user/${userId}`;
	}
	const groupId = String(filters.groupId ?? '').trim();
	if (groupId) {
		if (!OKTA_ID.test(groupId)) throw fieldError(this, itemIndex, 'Assigned to Group ID', `"${groupId}" is not an Okta group ID`);
		clauses.push(`group.id eq "${groupId}"`);
	}
	if (clauses.length) query.filter = clauses.join(' and ');
	if (String(filters.q ?? '').trim()) query.q = String(filters.q).trim();
	return await listItems(this, itemIndex, '/api/v1/apps', query, simplifyApp);
}
