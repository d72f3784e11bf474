import { join, sep } from 'node:path';

const OWN_CODE = join(__dirname, '..', '..', 'nodes') + sep;

/**
 * A second, separate instance of one of our modules and of everything it loads from nodes/, as a second n8n
 * worker process has: its own module-level queues and caches.
 * - Under jest's own runner (`npm test`): `jest.isolateModules`, which also loads fresh copies of n8n's modules.
 * - Under jest-light-runner (`npm run test:quick`), which has no module registry of its own: our files leave
 *   Node's require cache for the one load, and the originals come back afterwards.
 */
export function separateCopy<T>(absolutePath: string): T {
	const jestRuntime = jest as Partial<Pick<typeof jest, 'isolateModules' | 'requireActual'>>;
	if (typeof jestRuntime.isolateModules === 'function' && typeof jestRuntime.requireActual === 'function') {
		let loaded: T | undefined;
		jestRuntime.isolateModules(() => {
			loaded = jestRuntime.requireActual!(absolutePath) as T;
		});
		return loaded as T;
	}
	const ours = () => Object.keys(require.cache).filter((path) => path.startsWith(OWN_CODE));
	const originals = new Map(ours().map((path) => [path, require.cache[path]]));
	for (const path of originals.keys()) delete require.cache[path];
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(absolutePath) as T;
	} finally {
		for (const path of ours()) delete require.cache[path];
		for (const [path, module] of originals) require.cache[path] = module;
	}
}
