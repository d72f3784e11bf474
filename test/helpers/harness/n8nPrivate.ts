import { dirname } from 'node:path';
import type { WorkflowExecute } from 'n8n-core';
import type { IExecuteData, INode, INodeExecutionData, Workflow } from 'n8n-workflow';
import { Expression } from 'n8n-workflow';
// Not exported from n8n-workflow's entry point: the hooks n8n's own evaluator is built with.
import { expressionSandboxHooks } from 'n8n-workflow/dist/cjs/expression-sandboxing';

export { expressionSandboxHooks };

/**
 * Every place the test harness reaches past n8n's public API, in one file. n8n-core's WorkflowExecute runs
 * paired-item assignment and error-item normalisation in methods TypeScript marks private, and the
 * expression engine's isolate is wired through private statics of `Expression`; the harness needs both to
 * behave as n8n does. An n8n upgrade that renames one of them fails `checkPrivateN8nAccess()` (and its test,
 * test/helpers/n8nPrivate.test.ts) with a message naming what is gone, instead of a TypeError deep in a run.
 */

/** The private methods of WorkflowExecute that run around a node (n8n-core 2.41). */
export interface EnginePostProcessing {
	addPairedItemLineage(executeData: IExecuteData): IExecuteData['data'];
	assignPairedItems(data: INodeExecutionData[][] | null | undefined, executeData: IExecuteData): INodeExecutionData[][] | null;
	ensureAlwaysOutputData(data: INodeExecutionData[][] | null, executeData: IExecuteData): INodeExecutionData[][] | null;
	handleNodeErrorOutput(workflow: Workflow, executeData: IExecuteData, data: INodeExecutionData[][], runIndex: number): void;
	normalizeNodeErrors(data: INodeExecutionData[][]): void;
	continuesOnError(node: INode): boolean;
}
const ENGINE_METHODS: Array<keyof EnginePostProcessing> = [
	'addPairedItemLineage',
	'assignPairedItems',
	'ensureAlwaysOutputData',
	'handleNodeErrorOutput',
	'normalizeNodeErrors',
	'continuesOnError',
];

/** The private statics of n8n-workflow's `Expression` that select the isolated-vm evaluator. */
export interface ExpressionStatics {
	vmEvaluator?: unknown;
	useSharedCaller: boolean;
	BROWSER_CALLER: object;
}

/** @n8n/expression-runtime, n8n-workflow's dependency (not ours), as its classes are used by the harness. */
export interface ExpressionRuntime {
	ExpressionEvaluator: new (config: Record<string, unknown>) => {
		initialize(): Promise<void>;
		acquire(caller: object): Promise<boolean>;
		dispose(): Promise<void>;
	};
	IsolatedVmBridge: new (config: Record<string, unknown>) => unknown;
}

function upgradeMessage(what: string): string {
	return `${what}. The test harness relies on it (test/helpers/harness/n8nPrivate.ts); n8n has changed it, so adapt that file to the installed n8n version.`;
}

/** WorkflowExecute's private post-processing methods, checked to exist. */
export function enginePostProcessing(engine: WorkflowExecute): EnginePostProcessing {
	const candidate = engine as unknown as Record<string, unknown>;
	const missing = ENGINE_METHODS.filter((name) => typeof candidate[name] !== 'function');
	if (missing.length) throw new Error(upgradeMessage(`n8n-core's WorkflowExecute has no method ${missing.join(', ')}`));
	return engine as unknown as EnginePostProcessing;
}

/** `Expression`'s private statics, checked to exist. */
export function expressionStatics(): ExpressionStatics {
	const statics = Expression as unknown as Partial<ExpressionStatics>;
	if (typeof statics.BROWSER_CALLER !== 'object' || statics.BROWSER_CALLER === null || !('useSharedCaller' in statics)) {
		throw new Error(upgradeMessage("n8n-workflow's Expression has no static BROWSER_CALLER or useSharedCaller"));
	}
	return statics as ExpressionStatics;
}

/** @n8n/expression-runtime as n8n-workflow resolves it, checked to export the classes the harness builds. */
export function loadExpressionRuntime(): ExpressionRuntime {
	const workflowDir = dirname(require.resolve('n8n-workflow/package.json'));
	const runtime = require(require.resolve('@n8n/expression-runtime', { paths: [workflowDir] })) as Partial<ExpressionRuntime>;
	if (typeof runtime.ExpressionEvaluator !== 'function' || typeof runtime.IsolatedVmBridge !== 'function') {
		throw new Error(upgradeMessage('@n8n/expression-runtime no longer exports ExpressionEvaluator and IsolatedVmBridge'));
	}
	return runtime as ExpressionRuntime;
}
