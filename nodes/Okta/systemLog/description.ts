import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../descriptions/authentication';
import { customEventTypesProperty, logEventTypesProperty, logFilterOption, logKeywordsOption, logSimplifyProperty } from './fields';
import { DEFAULT_MAX_EVENTS_PER_POLL } from './poll';

/** The Okta System Log Trigger's parameters. n8n adds Poll Times to polling nodes when it loads them (n8n-core nodes-loader/directory-loader.js, commonPollingParameters). */
export const systemLogTriggerProperties: INodeProperties[] = [
	authenticationProperty,
	{
		displayName:
			'Polls Okta\'s System Log: no public URL needed, every event type, delayed by the poll interval. The credential needs the okta.logs.read scope. The first activation starts now (or at Start From); after that each event starts the workflow once.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	logEventTypesProperty,
	customEventTypesProperty,
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		options: [
			{ name: 'Now', value: 'now', description: 'Only events that happen after the workflow is activated' },
			{ name: 'A Past Point', value: 'lookback', description: 'Also the events of the last hours before activation' },
		],
		default: 'now',
		description: 'Where the first poll after activation starts. Later polls continue where the previous one stopped.',
	},
	{
		displayName: 'Look Back (Hours)',
		name: 'lookbackHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 2160 },
		default: 24,
		description: 'How many hours before activation the first poll starts (Okta keeps the System Log for 90 days)',
		displayOptions: { show: { startFrom: ['lookback'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			logFilterOption,
			logKeywordsOption,
			{
				displayName: 'Max Events per Poll',
				name: 'maxEventsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_EVENTS_PER_POLL,
				description:
					'A backlog larger than this (checked after each page of 1000) is continued by the next poll; nothing is skipped',
			},
			logSimplifyProperty,
		],
	},
];
