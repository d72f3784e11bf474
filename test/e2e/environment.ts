import type { Circus } from '@jest/types';
import NodeEnvironment from 'jest-environment-node';

/**
 * jest's node environment, plus one line on stderr when a test or hook fails: where that spec's logs are
 * (n8n, the sandbox, npm). test/e2e/lib registers each run's log folder in globalThis.__e2eLogDirs.
 */
export default class E2eEnvironment extends NodeEnvironment {
	handleTestEvent(event: Circus.Event): void {
		const failed = (event.name === 'test_done' && event.test.errors.length > 0) || event.name === 'hook_failure';
		if (!failed) return;
		const dirs = this.global.__e2eLogDirs as Set<string> | undefined;
		const what = event.name === 'test_done' ? `test "${event.test.name}"` : `${event.hook.type} hook`;
		process.stderr.write(`\ne2e: ${what} failed; logs: ${dirs && dirs.size > 0 ? [...dirs].join(', ') : '(no run folder yet)'}\n`);
	}
}
