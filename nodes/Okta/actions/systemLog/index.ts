import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['systemLog'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Read System Log events of a time range, for audits and reports',
				action: 'Get many system log events',
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'The System Log needs the okta.logs.read scope. To start a workflow on new events, use the Okta System Log Trigger.',
		name: 'systemLogNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['systemLog'] } },
	},
	...getMany.description,
];
