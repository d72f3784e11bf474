/**
 * `npm run test:quick` loads TypeScript through tsx in plain Node (jest-light-runner), not through jest's resolver.
 * Node tries the extensions it knows in the order they were registered: .js, .json, .node, then tsx's .ts. So
 * `import … from './OktaDirectory.node'` would load the codex file OktaDirectory.node.json beside the source.
 * This moves .json and .node behind .ts, the order jest's moduleFileExtensions give `npm test`.
 */
const Module = require('node:module');

for (const extension of ['.json', '.node']) {
	const load = Module._extensions[extension];
	delete Module._extensions[extension];
	Module._extensions[extension] = load;
}
