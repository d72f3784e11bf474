import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { oktaCredentials } from './descriptions/authentication';
import { triggerProperties } from './trigger/description';
import { checkExists, create, remove } from './trigger/eventHook';
import { delivery, verificationChallenge } from './trigger/webhook';

/**
 * Starts workflows from Okta event hooks. Activation registers and verifies a hook in Okta; deactivation
 * (and the end of test listening) removes it. Okta's one URI serves both webhooks: GET for the one-time
 * verification challenge ('setup') and POST for deliveries ('default'), with the same path.
 */
export class OktaEventHookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Okta Event Hook Trigger',
		name: 'oktaEventHookTrigger',
		icon: { light: 'file:oktaEventHook.svg', dark: 'file:oktaEventHook.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ [].concat($parameter["events"] || [], String($parameter["customEvents"] || "").split(",").map(type => type.trim()).filter(type => type)).join(", ") }}',
		description: 'Starts the workflow when Okta events happen, through an event hook it registers, verifies and removes by itself',
		defaults: { name: 'Okta Event Hook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: oktaCredentials,
		webhooks: [
			// 'setup' comes first: n8n registers webhooks in this order, and the GET must be live before
			// 'default' creates the hook and Okta sends its verification request.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'okta-events' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'okta-events' },
		],
		properties: triggerProperties,
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
