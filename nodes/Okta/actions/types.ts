import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** What every `<operation>.operation.ts` exports. The router owns the item loop, pairing and errors. */
export interface OktaOperation {
	description: INodeProperties[];
	/** Runs the operation for one input item and returns its output: one object, several, or none. */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[] | undefined>;
}

/** An operation that needs every input item at once (one database round trip per execution, not per item). */
export interface OktaBatchOperation {
	description: INodeProperties[];
	executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

export type OktaResource = 'user' | 'userLifecycle' | 'group' | 'device' | 'realm' | 'userType' | 'application' | 'systemLog' | 'event';
