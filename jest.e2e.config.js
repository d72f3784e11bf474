/**
 * The real-n8n end-to-end suite: `npm run test:e2e` (never part of `npm test`). Installs n8n 2.41.1 into
 * .e2e/n8n on first use, then builds and packs the package once (test/e2e/global-setup.ts). Specs run one
 * at a time: each starts its own n8n and sandbox processes.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: '<rootDir>/test/e2e/environment.ts',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// The n8n 1.x lane's spec runs in its own lane (jest.e2e-n8n1.config.js).
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/n8n1/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	testTimeout: 300000,
	maxWorkers: 1,
};
