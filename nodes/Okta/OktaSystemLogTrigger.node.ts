import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { oktaCredentials } from './descriptions/authentication';
import { systemLogTriggerProperties } from './systemLog/description';
import { pollSystemLog } from './systemLog/poll';

/**
 * Starts workflows from Okta's System Log by polling it (`GET /api/v1/logs`), for n8n instances Okta cannot reach
 * and for event types event hooks do not carry. The cursor lives in the node's static data (systemLog/cursor.ts).
 */
export class OktaSystemLogTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Okta System Log Trigger',
		name: 'oktaSystemLogTrigger',
		icon: { light: 'file:oktaSystemLog.svg', dark: 'file:oktaSystemLog.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ [].concat($parameter["eventTypes"] || [], String($parameter["customEventTypes"] || "").split(",").map(type => type.trim()).filter(type => type)).join(", ") || "every event" }}',
		description: 'Starts the workflow on Okta System Log events, by polling: works behind a firewall and for every event type',
		defaults: { name: 'Okta System Log Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: oktaCredentials,
		properties: systemLogTriggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollSystemLog(this);
	}
}
