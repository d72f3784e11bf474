import type { INodeProperties } from 'n8n-workflow';

import * as removeRepeats from './removeRepeats.operation';

export const operations = { removeRepeats };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Remove Repeats',
				value: 'removeRepeats',
				description: 'Drop events an earlier execution already handled (Okta delivers at least once)',
				action: 'Remove repeated events',
			},
		],
		default: 'removeRepeats',
	},
	{
		displayName:
			'Put this right after the Okta Event Hook Trigger. It remembers event IDs in n8n\'s database, so a repeat is dropped after a restart and on every webhook process in queue mode. No call to Okta is made.',
		name: 'eventNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['event'] } },
	},
	...removeRepeats.description,
];
