import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';

/**
 * jest's node environment with one addition: `globalThis.__buildOncePerWorker(key, build)`, a memo that outlives
 * the test file. jest gives every test file a fresh module registry, so without it each file that starts a
 * sandbox compiles Okta's spec into validators again (express-openapi-validator's preprocessing and ajv: about
 * 1–2 s of CPU per file). Whatever is built is reused by the later files of the same jest worker. Only stateless
 * values belong here: the sandbox's validator middleware keeps no per-request or per-server state
 * (test/sandbox/validation.ts).
 */
const builtInThisWorker = new Map<string, unknown>();

export default class TestEnvironment extends NodeEnvironment {
	constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
		super(config, context);
		this.global.__buildOncePerWorker = <T>(key: string, build: () => T): T => {
			if (!builtInThisWorker.has(key)) builtInThisWorker.set(key, build());
			return builtInThisWorker.get(key) as T;
		};
	}
}
