/**
 * The n8n 1.x end-to-end lane: `npm run test:e2e:n8n1` (Node 22, from .ci/node22.sh). The same harness as the
 * 2.x lane (jest.e2e.config.js), pointed at the pinned n8n 1.123.81 (test/e2e/n8n1/), installed on first use into
 * .e2e/n8n1 or E2E_N8N1_DIR. One spec, one sandbox, lean: the 2.x lane covers the breadth.
 */
const { join } = require('node:path');

process.env.E2E_N8N_LANE = 'n8n1';
process.env.E2E_N8N1_DIR = process.env.E2E_N8N1_DIR ?? join(__dirname, '.e2e', 'n8n1');
process.env.E2E_N8N_DIR = process.env.E2E_N8N1_DIR;

module.exports = {
	...require('./jest.e2e.config.js'),
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/n8n1/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
};
