/**
 * `npm run test:quick`: the edit loop. Everything `npm test` runs except the long suites, without coverage:
 * - test/nodes/Okta/faults/ (the 200-item fault job, once per fault preset),
 * - test/nodes/Okta/inputAbuse.test.ts (17 hostile IDs in every ID field of every operation),
 * - test/e2e/ (never part of jest's default run; `npm run test:e2e`).
 */
const base = require('./jest.config');

module.exports = {
	...base,
	testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/test/nodes/Okta/faults/', '/test/nodes/Okta/inputAbuse\\.test\\.ts$'],
};
