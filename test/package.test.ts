import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `npm publish` would ship: `npm pack --dry-run` (without the prepack build, which .ci/run has done
 * already) lists only dist/, README.md, LICENSE and package.json: no sources, tests, sandbox or scripts.
 */
const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
	peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

function packedFiles(): string[] {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
	const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
	return pack.files.map((file) => file.path);
}

describe('the published package', () => {
	const files = packedFiles();

	it('holds only dist/, README.md, LICENSE and package.json', () => {
		const others = files.filter((path) => !path.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(path));
		expect(others).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
	});

	it('holds every node and credential n8n loads, once dist/ is built', () => {
		if (!existsSync(join(root, 'dist'))) return;
		expect(files).toEqual(expect.arrayContaining([...manifest.n8n.nodes, ...manifest.n8n.credentials]));
	});

	it('does not make npm install n8n-workflow next to n8n (peer optional)', () => {
		expect(manifest.peerDependenciesMeta?.['n8n-workflow']?.optional).toBe(true);
	});
});
