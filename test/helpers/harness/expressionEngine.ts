import { Expression, LoggerProxy } from 'n8n-workflow';

import { expressionSandboxHooks, expressionStatics, loadExpressionRuntime } from './n8nPrivate';

/**
 * The expression engine the harness evaluates `={{ … }}` with.
 *
 * n8n 2.41's backend evaluates expressions in an isolated-vm isolate by default (`N8N_EXPRESSION_ENGINE=vm`,
 * the default of @n8n/config's ExpressionEngineConfig); `legacy` (in-process @n8n/tournament) is the
 * alternative. The harness honours the same variable:
 *
 *   N8N_EXPRESSION_ENGINE=vm      (default) isolated-vm, as n8n runs; falls back to legacy when isolated-vm
 *                                 cannot be loaded and the variable was not set explicitly
 *                                 (expressionEngine().fallbackReason then says why)
 *   N8N_EXPRESSION_ENGINE=legacy  the in-process evaluator
 *
 * (`quickjs`, the editor's WASM engine, loads quickjs-emscripten with a dynamic import() that Jest refuses.)
 *
 * `Expression.initExpressionEngine()` loads @n8n/expression-runtime with a dynamic `import()`, which Jest
 * refuses without --experimental-vm-modules, so the evaluator is built here the way initExpressionEngine
 * builds it (same bridge, hooks and defaults) and installed on `Expression`. One isolate is shared by every
 * evaluation of a test file (n8n's `sharedCaller` mode), rather than one per execution: n8n acquires a fresh
 * isolate per execution (~80 ms of CPU each), which would dominate the test run. Disposed after the file.
 */

export type ExpressionEngineName = 'vm' | 'legacy';

let starting: Promise<ExpressionEngineName> | undefined;
let active: ExpressionEngineName | undefined;
let fallbackReason: string | undefined;

function requestedEngine(): { engine: ExpressionEngineName; explicit: boolean } {
	const raw = process.env.N8N_EXPRESSION_ENGINE?.trim();
	if (!raw) return { engine: 'vm', explicit: false };
	if (raw === 'vm' || raw === 'legacy') return { engine: raw, explicit: true };
	throw new Error(`The test harness supports N8N_EXPRESSION_ENGINE=vm (n8n's default) or legacy, not "${raw}"`);
}

async function startVm(): Promise<void> {
	const runtime = loadExpressionRuntime();
	// The defaults of @n8n/config's ExpressionEngineConfig (timeout 5000 ms, 128 MB, pool 1, cache 1024).
	const createBridge = () => new runtime.IsolatedVmBridge({ timeout: 5000, memoryLimit: 128, logger: LoggerProxy });
	const evaluator = new runtime.ExpressionEvaluator({
		createBridge,
		maxCodeCacheSize: 1024,
		poolSize: 1,
		hooks: expressionSandboxHooks,
		logger: LoggerProxy,
	});
	const statics = expressionStatics();
	try {
		await evaluator.initialize();
		await evaluator.acquire(statics.BROWSER_CALLER);
	} catch (error) {
		await evaluator.dispose().catch(() => undefined);
		throw error;
	}
	statics.useSharedCaller = true;
	statics.vmEvaluator = evaluator;
	Expression.setExpressionEngine('vm');
}

/** Starts the engine once per test file (idempotent); every harness entry point awaits it. */
export async function ensureExpressionEngine(): Promise<ExpressionEngineName> {
	starting ??= (async () => {
		const { engine, explicit } = requestedEngine();
		if (engine === 'legacy') {
			Expression.setExpressionEngine('legacy');
			return (active = 'legacy');
		}
		try {
			await startVm();
			return (active = 'vm');
		} catch (error) {
			if (explicit) throw error;
			fallbackReason = (error as Error).message;
			Expression.setExpressionEngine('legacy');
			return (active = 'legacy');
		}
	})();
	return await starting;
}

/** The engine in use: what `Expression.getActiveImplementation()` reports, once the harness has started it. */
export function expressionEngine(): { requested: ExpressionEngineName; active: ExpressionEngineName | undefined; implementation: string; fallbackReason?: string } {
	return { requested: requestedEngine().engine, active, implementation: Expression.getActiveImplementation(), fallbackReason };
}

export async function disposeExpressionEngine(): Promise<void> {
	const pending = starting;
	starting = undefined;
	active = undefined;
	if (pending) await pending.catch(() => undefined);
	await Expression.disposeExpressionEngine();
	Expression.setExpressionEngine('legacy');
}

// Tear the isolate down with the test file, so Jest's worker is not kept alive by it.
if (typeof afterAll === 'function') {
	afterAll(async () => await disposeExpressionEngine());
}
