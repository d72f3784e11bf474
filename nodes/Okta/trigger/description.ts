import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../descriptions/authentication';
import { EVENT_TYPE_OPTIONS } from './eventTypes';

/** The Okta Event Hook Trigger's parameters. */
export const triggerProperties: INodeProperties[] = [
	authenticationProperty,
	{
		displayName:
			'Okta calls this trigger over public HTTPS: n8n must be reachable from the internet (reverse proxy or tunnel) with WEBHOOK_URL set to that address. The credential needs the okta.eventHooks.manage scope. The event hook is created when the workflow is activated and deleted when it is deactivated.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_TYPE_OPTIONS,
		default: [],
		description:
			'Okta events that start the workflow. Search by what happened (User Created, User Added to Group, Device Deactivated) or by event type (user.lifecycle.create).',
	},
	{
		displayName: 'Custom Event Types',
		name: 'customEvents',
		type: 'string',
		default: '',
		placeholder: 'user.lifecycle.create, group.user_membership.add',
		description:
			'More event types by name, separated by commas: any event-hook-eligible type, including ones newer than the list above',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'De-Duplicate Events',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description:
					'Whether to drop an event whose uuid this n8n process already received from the same hook in the last 24 hours (up to 1000 remembered). Okta delivers at least once. Across restarts or several webhook processes, put Okta Directory › Event › Remove Repeats after the trigger (see the README).',
			},
			{
				displayName: 'Event Filters (Early Access)',
				name: 'eventFilters',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Filter',
				description:
					'Okta Expression Language conditions that Okta evaluates before delivering, at most one per event type. Event hook filters are an Early Access feature that must be enabled in the Okta org.',
				options: [
					{
						displayName: 'Filter',
						name: 'filter',
						values: [
							{
								displayName: 'Event Type',
								name: 'eventType',
								type: 'string',
								default: '',
								placeholder: 'group.user_membership.add',
								description: 'One of the event types above',
							},
							{
								displayName: 'Expression',
								name: 'expression',
								type: 'string',
								default: '',
								placeholder: "event.target.?[type eq 'UserGroup' && displayName eq 'Engineering'].size() > 0",
								description: 'Okta Expression Language condition on the event; only matching events are delivered',
							},
						],
					},
				],
			},
			{
				displayName: 'Hook Name',
				name: 'hookName',
				type: 'string',
				default: '',
				placeholder: 'n8n: My workflow (workflow ID)',
				description:
					'Name of the event hook in Okta. Empty: "n8n: &lt;workflow name&gt; (&lt;workflow ID&gt;)", so it is clear in Okta which workflow owns it.',
			},
			{
				displayName: 'Output',
				name: 'outputMode',
				type: 'options',
				options: [
					{ name: 'One Item per Event', value: 'event', description: 'Each Okta event (LogEvent) becomes its own item' },
					{
						name: 'One Item per Delivery',
						value: 'delivery',
						description: "Okta's whole delivery as one item, with its events under data.events",
					},
				],
				default: 'event',
			},
		],
	},
];
