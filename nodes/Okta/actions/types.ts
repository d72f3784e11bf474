import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** What every `<operation>.operation.ts` exports. The router owns the item loop, pairing and errors. */
export interface OktaOperation {
	description: INodeProperties[];
	/** Runs the operation for one input item and returns its output: one object, several, or none. */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[] | undefined>;
}

export type OktaResource = 'user' | 'userLifecycle' | 'group' | 'device' | 'realm' | 'userType' | 'application' | 'systemLog';
