/**
 * `npm run test:quick`: the edit loop. Everything `npm test` runs except the long suites, without coverage:
 * - test/nodes/Okta/faults/ (the 200-item fault job, once per fault preset),
 * - test/nodes/Okta/inputAbuse.test.ts (17 hostile IDs in every ID field of every operation),
 * - test/e2e/ (never part of jest's default run; `npm run test:e2e`).
 *
 * It runs the same test files through jest-light-runner: plain Node in four worker processes, TypeScript through
 * tsx (`NODE_OPTIONS=--import tsx`, set by the npm script). jest's own runner gives every test file a fresh module
 * registry, so each file that runs a node loaded n8n-core and n8n-workflow (some 1,700 modules) and compiled the
 * sandbox's spec validators again: much of the run's CPU on this 2-core machine. Here a worker loads them once
 * and the files it runs share them, as the workflows of one n8n process share one copy of the node's code.
 * What that gives up, `npm test` (and CI) still checks: every file in a registry of its own, and the type check
 * of the tests.
 * Processes, not the runner's default worker threads: one of about twenty runs on threads ended in an abort
 * (exit code 134), cause not found (n8n-core loads native addons, ssh2's among them); no run on processes did.
 */
const base = require('./jest.config');

module.exports = {
	...base,
	preset: undefined,
	transform: {},
	testEnvironment: 'node',
	runner: ['jest-light-runner', { runtime: 'child_process' }],
	setupFiles: ['<rootDir>/test/helpers/preferTypeScript.cjs'],
	testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/test/nodes/Okta/faults/', '/test/nodes/Okta/inputAbuse\\.test\\.ts$'],
};
