import { WorkflowExecute } from 'n8n-core';
import { createRunExecutionData } from 'n8n-workflow';
import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { enginePostProcessing, expressionStatics, loadExpressionRuntime } from './harness/n8nPrivate';

/**
 * The harness's private reach into n8n (test/helpers/harness/n8nPrivate.ts) still finds what it needs in
 * the installed n8n-core and n8n-workflow; after an upgrade that moved something, this fails naming it.
 */
describe('private n8n access of the test harness', () => {
	const engine = () => new WorkflowExecute({} as IWorkflowExecuteAdditionalData, 'manual', createRunExecutionData());

	it("finds WorkflowExecute's post-processing methods, Expression's statics and the expression runtime", () => {
		expect(() => enginePostProcessing(engine())).not.toThrow();
		expect(typeof expressionStatics().BROWSER_CALLER).toBe('object');
		expect(typeof loadExpressionRuntime().ExpressionEvaluator).toBe('function');
	});

	it('names the missing method and the adapter file when n8n-core drops one', () => {
		const upgraded = engine();
		Object.defineProperty(upgraded, 'assignPairedItems', { value: undefined });
		expect(() => enginePostProcessing(upgraded)).toThrow(
			/^n8n-core's WorkflowExecute has no method assignPairedItems\. The test harness relies on it \(test\/helpers\/harness\/n8nPrivate\.ts\)/,
		);
	});
});
