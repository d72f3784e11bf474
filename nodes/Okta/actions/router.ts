import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as application from './application';
import * as device from './device';
import * as event from './event';
import * as group from './group';
import * as realm from './realm';
import * as systemLog from './systemLog';
import type { OktaBatchOperation, OktaOperation, OktaResource } from './types';
import * as user from './user';
import * as userLifecycle from './userLifecycle';
import * as userType from './userType';

const resources: Record<OktaResource, { operations: Record<string, OktaOperation | OktaBatchOperation> }> = {
	user,
	userLifecycle,
	group,
	device,
	realm,
	userType,
	application,
	systemLog,
	event,
};

export const DEFAULT_CONCURRENCY = 5;
/** Okta's org-wide limit on concurrent requests; more lanes would only earn concurrency 429s. */
export const MAX_CONCURRENCY = 75;

/** The node's Concurrency option (Request Options), clamped to 1..MAX_CONCURRENCY. */
export function configuredConcurrency(ctx: IExecuteFunctions): number {
	const requestOptions = ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	const requested = Math.floor(Number(requestOptions.concurrency ?? DEFAULT_CONCURRENCY)) || 1;
	return Math.min(MAX_CONCURRENCY, Math.max(1, requested));
}

/** Runs `worker` for indexes 0..count-1, at most `concurrency` at a time; stops starting new ones after a failure. */
async function forEachConcurrently(count: number, concurrency: number, worker: (index: number) => Promise<void>): Promise<void> {
	if (count <= 0) return;
	let next = 0;
	let failure: { error: unknown } | undefined;
	const lane = async () => {
		while (failure === undefined && next < count) {
			const index = next++;
			try {
				await worker(index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
	if (failure) throw failure.error;
}

function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error), itemIndex };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
		if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	}
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Runs the chosen operation for every input item, in parallel up to the Concurrency option, and returns
 * the results in input order, each paired with its input item. With Continue On Fail, a failed item
 * yields an error item and the rest carry on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as OktaResource;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.operations[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	if ('executeAll' in handler) return await handler.executeAll.call(this);
	const concurrency = configuredConcurrency(this);
	const continueOnFail = this.continueOnFail();

	const results: INodeExecutionData[][] = new Array(items.length);
	const runItem = async (itemIndex: number) => {
		try {
			const output = await handler.execute.call(this, itemIndex);
			const json = output === undefined ? [] : Array.isArray(output) ? output : [output];
			results[itemIndex] = json.map((entry) => ({ json: entry, pairedItem: { item: itemIndex } }));
		} catch (error) {
			if (continueOnFail) {
				results[itemIndex] = [errorItem(error, itemIndex)];
				return;
			}
			if (error instanceof NodeApiError || error instanceof NodeOperationError) error.context.itemIndex ??= itemIndex;
			// Both constructors hand back an error that already is one, keeping Okta's details.
			if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	};
	// The first item runs alone, so a credential that fetches its token on first use (service app, OAuth2
	// refresh) does so once instead of once per parallel request.
	if (items.length > 0) await runItem(0);
	await forEachConcurrently(items.length - 1, concurrency, async (index) => await runItem(index + 1));
	return [results.flat()];
}
