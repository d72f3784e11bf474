/**
 * `npm test`: one jest run covers everything (unit, sandbox and node integration tests, the fault jobs and
 * the input-abuse matrix); CI runs it. `npm run test:quick` (jest.quick.config.js) leaves the long suites
 * out for the edit loop. The real-n8n suite is `npm run test:e2e`.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: '<rootDir>/test/helpers/environment.ts',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	collectCoverageFrom: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	coverageReporters: ['text-summary', 'text'],
	testTimeout: 30000,
	// The long suites mostly wait (back-off between retries, latency spikes, rate-limit windows) rather than
	// compute, so four workers overlap those waits even on two cores. Jest's default is cores - 1.
	maxWorkers: 4,
};
