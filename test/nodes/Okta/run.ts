import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { OktaDirectory } from '../../../nodes/Okta/OktaDirectory.node';
import { executeNode } from '../../helpers/n8n';
import type { Sandbox } from '../../sandbox';

/** Runs one Okta Directory operation through n8n-core against a sandbox, with its API token. */
export async function runOperation(
	sandbox: Sandbox,
	resource: string,
	operation: string,
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
): Promise<INodeExecutionData[]> {
	const { output } = await executeNode({
		node: new OktaDirectory(),
		parameters: { resource, operation, ...parameters },
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } },
	});
	return output[0];
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** The requests made since the last reset, as "METHOD /path", after checking each passed spec validation both ways. */
export function requestsMade(sandbox: Sandbox): string[] {
	for (const entry of sandbox.requestLog) {
		expect({ request: `${entry.method} ${entry.path}`, validation: entry.validation, response: entry.responseValidation }).toEqual({
			request: `${entry.method} ${entry.path}`,
			validation: 'passed',
			response: undefined,
		});
	}
	return sandbox.requestLog.map((entry) => `${entry.method} ${entry.path}`);
}
