import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, oktaCredentials } from '../OktaDirectory/descriptions/authentication';
import { checkExists, create, remove } from './trigger/eventHook';
import { EVENT_HOOK_EVENT_TYPES } from './trigger/eventTypes';
import { delivery, verificationChallenge } from './trigger/webhook';

export class OktaEventHookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Okta Event Hook Trigger',
		name: 'oktaEventHookTrigger',
		icon: { light: 'file:oktaEventHook.svg', dark: 'file:oktaEventHook.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).concat(($parameter["customEvents"] || "").split(",").filter(e => e.trim())).join(", ") }}',
		description: 'Starts the workflow when Okta events happen, through an Okta event hook it registers, verifies and removes by itself',
		defaults: { name: 'Okta Event Hook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: oktaCredentials,
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'okta-events' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'okta-events' },
		],
		properties: [
			authenticationProperty,
			{
				displayName: 'Okta must reach this workflow\'s webhook URL over public HTTPS: run n8n behind a reverse proxy or tunnel and set WEBHOOK_URL. The credential needs the okta.eventHooks.manage scope.',
				name: 'publicUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_HOOK_EVENT_TYPES,
				default: [],
				description: 'Okta event types that start the workflow (all event-hook-eligible types of Okta\'s catalog)',
			},
			{
				displayName: 'Custom Event Types',
				name: 'customEvents',
				type: 'string',
				default: '',
				placeholder: 'user.lifecycle.create, group.user_membership.add',
				description: 'More event types by name, separated by commas, for types newer than this list',
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
						description: 'Whether to drop an event whose uuid was already received in the last 24 hours. Okta delivers at least once.',
					},
					{
						displayName: 'Event Filters (Early Access)',
						name: 'eventFilters',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						default: {},
						description: 'Okta Expression Language conditions evaluated by Okta before delivery. Event hook filtering is an Early Access feature that must be enabled in the org.',
						options: [
							{
								displayName: 'Filter',
								name: 'filter',
								values: [
									{ displayName: 'Event Type', name: 'eventType', type: 'string', default: '', placeholder: 'group.user_membership.add' },
									{
										displayName: 'Expression',
										name: 'expression',
										type: 'string',
										default: '',
										placeholder: 'event.target.?[type eq \'UserGroup\'].size()>0 && event.target.?[displayName eq \'Engineering\'].size()>0',
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
						description: 'Name of the event hook in Okta. Defaults to "n8n: &lt;workflow name&gt; (&lt;workflow ID&gt;)".',
					},
					{
						displayName: 'Output',
						name: 'outputMode',
						type: 'options',
						options: [
							{ name: 'One Item per Event', value: 'event', description: 'Each Okta event becomes its own item' },
							{ name: 'One Item per Delivery', value: 'delivery', description: 'The whole delivery (possibly several events) as one item' },
						],
						default: 'event',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return this.getWebhookName() === 'setup' ? verificationChallenge.call(this) : delivery.call(this);
	}
}
