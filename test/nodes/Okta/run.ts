import type { IDataObject, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { OktaDirectory } from '../../../nodes/Okta/OktaDirectory.node';
import { executeNode, onNodeExecuted } from '../../helpers/n8n';
import type { Sandbox } from '../../sandbox';

/** Runs one Okta Directory operation through n8n-core against a sandbox, with its API token. */
export async function runOperation(
	sandbox: Sandbox,
	resource: string,
	operation: string,
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean; typeVersion?: number } = {},
): Promise<INodeExecutionData[]> {
	const { output } = await executeNode({
		node: new OktaDirectory(),
		typeVersion: options.typeVersion,
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

const directory = new OktaDirectory().description;

/** The resources the node offers in the editor. */
export function offeredResources(): string[] {
	return (directory.properties.find((property) => property.name === 'resource')!.options as INodePropertyOptions[]).map((option) => String(option.value));
}

/** The operations the node offers in the editor for `resource`. */
export function offeredOperations(resource: string): string[] {
	const property = directory.properties.find((entry) => entry.name === 'operation' && entry.displayOptions?.show?.resource?.includes(resource));
	return ((property?.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));
}

/**
 * resource → operations that ran in this test file: executed through n8n-core without throwing and with at
 * least one output item that is not an error item. Taken from the parameters n8n resolved for the node.
 */
const succeeded = new Map<string, Set<string>>();
onNodeExecuted(({ type, parameters, output }) => {
	if (type !== `n8n-nodes-okta.${directory.name}`) return;
	if (!(output[0] ?? []).some((item) => item.json.error === undefined)) return;
	const resource = String(parameters.resource);
	if (!succeeded.has(resource)) succeeded.set(resource, new Set());
	succeeded.get(resource)!.add(String(parameters.operation));
});

/** The operations of `resource` offered in the editor that no test in this file has run successfully so far. */
export function operationsNotRun(resource: string): string[] {
	return offeredOperations(resource).filter((operation) => !succeeded.get(resource)?.has(operation));
}

/** A run limited by name (jest -t) runs only some tests, so it cannot judge coverage. */
const filteredRun = process.argv.some((arg) => arg === '-t' || arg.startsWith('--testNamePattern'));

/**
 * Call once at the top of test/nodes/Okta/actions/<resource>.test.ts: when the file's tests are done, every
 * operation the editor offers for `resource` must have run successfully in one of them.
 */
export function expectEveryOperationRun(resource: string): void {
	afterAll(() => {
		if (!filteredRun) expect({ resource, notRun: operationsNotRun(resource) }).toEqual({ resource, notRun: [] });
	});
}
