import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { buildAndPack, E2E_DIR, ensureN8nInstalled } from './lib/install';

/**
 * Once per `npm run test:e2e`: installs the pinned n8n if needed, builds and packs the package once for every
 * spec (E2E_PACKAGE_TARBALL), and prunes old run folders.
 */
export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	ensureN8nInstalled();
	// Run folders older than a day go, and all but the newest 40 (a run in progress is among the newest).
	// `npm start`'s folder (demo) stays: it holds the developer's n8n account and workflows.
	const runs = join(E2E_DIR, 'runs');
	const byAge = safeList(runs)
		.filter((entry) => entry !== 'demo')
		.map((entry) => ({ dir: join(runs, entry), mtime: statSync(join(runs, entry)).mtimeMs }))
		.sort((a, b) => b.mtime - a.mtime);
	for (const [index, { dir, mtime }] of byAge.entries()) {
		if (index >= 40 || Date.now() - mtime > 24 * 3600_000) rmSync(dir, { recursive: true, force: true });
	}
	if (!process.env.E2E_PACKAGE_TARBALL) {
		const id = `${Date.now().toString(36)}-${process.pid}`;
		const logs = join(runs, `pack-${id}`, 'logs');
		process.env.E2E_PACKAGE_TARBALL = await buildAndPack(join(E2E_DIR, 'pack', id), logs);
		for (const entry of safeList(join(E2E_DIR, 'pack'))) {
			const dir = join(E2E_DIR, 'pack', entry);
			if (entry !== id && Date.now() - statSync(dir).mtimeMs > 24 * 3600_000) rmSync(dir, { recursive: true, force: true });
		}
	}
	process.stderr.write(`\ne2e: n8n ready and ${process.env.E2E_PACKAGE_TARBALL} packed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function safeList(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}
