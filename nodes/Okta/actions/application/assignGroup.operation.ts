import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { appLocator, groupLocator } from '../../descriptions/locators';
import { oktaApiRequestFull, oktaPath } from '../../transport';
import { getLocatorValue, keyValuePairs, parseJsonObject } from '../validation';
import { attributePairsProperty, explainNotFound, readGroupAssignment, simplifyGroupAssignment } from './shared';

const properties: INodeProperties[] = [
	appLocator(),
	groupLocator(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Okta\'s group priority: decides whose app profile a user gets when several of their groups are assigned to the app. Left out, Okta assigns the next priority.',
			},
			attributePairsProperty('Group Profile', 'profile', 'App profile attributes the group\'s members get'),
			{
				displayName: 'Group Profile (JSON)',
				name: 'profileJson',
				type: 'json',
				default: '{}',
				description: 'App profile attributes as a JSON object; wins over key/value pairs with the same name',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['application'], operation: ['assignGroup'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = getLocatorValue(this, 'appId', itemIndex, 'Application');
	const groupId = getLocatorValue(this, 'groupId', itemIndex, 'Group');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const profile = { ...keyValuePairs(options.profile), ...parseJsonObject(this, itemIndex, 'Group Profile (JSON)', options.profileJson) };
	const body: IDataObject = {
		...(options.priority !== undefined && options.priority !== '' ? { priority: Number(options.priority) } : {}),
		...(Object.keys(profile).length ? { profile } : {}),
	};
	const existing = await readGroupAssignment(this, itemIndex, appId, groupId);
	if (existing && Object.keys(body).length === 0) {
		return { appId, ...simplifyGroupAssignment(existing), changed: false, message: 'Already assigned: the group has this app. Nothing was changed.' };
	}
	const prefix = `Assigning group ${groupId} to app ${appId}`;
	// PUT sets the assignment to the same state however often it is sent, so a lost answer is asked again.
	const response = await oktaApiRequestFull.call(this, 'PUT', oktaPath`/api/v1/apps/${appId}/groups/${groupId}`, { itemIndex, body, acceptStatuses: [404], subject: prefix });
	if (response.statusCode === 404) {
		throw await explainNotFound(this, itemIndex, appId, response, prefix, 'Okta found no such group. Check the group ID.');
	}
	return {
		appId,
		...simplifyGroupAssignment(response.body as IDataObject),
		changed: true,
		message: existing ? 'Already assigned; priority and profile updated' : 'Assigned: every member of the group now has the app',
	};
}
