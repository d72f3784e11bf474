import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as application from './actions/application';
import * as device from './actions/device';
import * as event from './actions/event';
import * as group from './actions/group';
import * as realm from './actions/realm';
import { DEFAULT_CONCURRENCY, router } from './actions/router';
import * as systemLog from './actions/systemLog';
import * as user from './actions/user';
import * as userLifecycle from './actions/userLifecycle';
import * as userType from './actions/userType';
import { directoryAuthenticationProperty, directoryCredentials } from './descriptions/authentication';
import { listSearch, loadOptions } from './methods';

export class OktaDirectory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Okta Directory',
		name: 'oktaDirectory',
		icon: { light: 'file:oktaDirectory.svg', dark: 'file:oktaDirectory.dark.svg' },
		group: ['transform'],
		// 1.1: Create, Update and Replace honour Simplify (version 1 nodes keep returning Okta's raw object there).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Manage Okta users and their lifecycle, groups and memberships, app assignments, devices, realms and user types, and read the System Log (OAuth2, API token or service app)',
		defaults: { name: 'Okta Directory' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: directoryCredentials,
		properties: [
			directoryAuthenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Application', value: 'application', description: 'Apps and who is assigned to them, users and groups' },
					{ name: 'Device', value: 'device', description: 'Devices registered with Okta (Identity Engine)' },
					{ name: 'Event', value: 'event', description: 'Events from the Okta triggers: drop repeats Okta delivers' },
					{ name: 'Group', value: 'group', description: 'Okta groups and their members' },
					{ name: 'Realm', value: 'realm', description: 'Realms that partition users' },
					{ name: 'System Log', value: 'systemLog', description: 'Okta\'s audit trail of events, for reports and audits' },
					{ name: 'User', value: 'user', description: 'Okta users and their profiles' },
					{ name: 'User Lifecycle', value: 'userLifecycle', description: 'Activate, suspend, unlock, reset and other status changes' },
					{ name: 'User Type', value: 'userType', description: 'User types and their schemas' },
				],
				default: 'user',
			},
			...user.description,
			...userLifecycle.description,
			...group.description,
			...device.description,
			...realm.description,
			...userType.description,
			...application.description,
			...systemLog.description,
			...event.description,
			{
				displayName: 'Request Options',
				name: 'requestOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 75 },
						default: DEFAULT_CONCURRENCY,
						description:
							'How many input items to process at once (up to Okta\'s limit of 75 concurrent requests; 35 on free orgs). Requests slow down on their own before Okta\'s rate limit is reached, and a 429 is waited out and retried.',
					},
					{
						displayName: 'Max Rate-Limit Retries',
						name: 'maxRateLimitRetries',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 20 },
						default: 6,
						description: 'How often to wait for Okta\'s rate-limit window to reset and try again before failing the item',
					},
					{
						displayName: 'Timeout (Seconds)',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 30,
						description: 'How long to wait for each Okta answer. A slower answer counts as lost: it is retried where that is safe and otherwise reported on the item (see the README\'s retry policy).',
					},
				],
			},
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
