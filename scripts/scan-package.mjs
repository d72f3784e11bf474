// n8n's verification scan, run locally: the scanner's own `analyzePackage` from @n8n/scan-community-package
// (pinned devDependency), on the sources with its SOURCE_FILE_PATTERNS and on the packed tarball with
// ['**/*.js', 'package.json'], the two legs `analyzePackageByName` runs (scanner/scanner.mjs). Inline
// `eslint-disable` comments do not count there (allowInlineConfig: false), so they do not count here.
// Usage: node scripts/scan-package.mjs [package.tgz]   (without a tarball, `npm pack` builds one first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'okta-scan-'));
try {
	let tarball = process.argv[2] ? resolve(process.argv[2]) : undefined;
	if (!tarball) {
		// prepack builds dist/ first; its output goes to stderr so stdout stays npm pack's own.
		execFileSync('npm', ['pack', '--pack-destination', work], { cwd: root, stdio: ['ignore', 2, 'inherit'] });
		tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')));
	}
	const unpacked = join(work, 'unpacked');
	execFileSync('mkdir', ['-p', unpacked]);
	execFileSync('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1']);

	const legs = [
		['sources', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		[`tarball ${tarball.split('/').pop()}`, await analyzePackage(unpacked, ['**/*.js', 'package.json'])],
	];
	let passed = true;
	for (const [label, result] of legs) {
		process.stdout.write(`n8n scanner, ${label}: ${result.passed ? 'passed' : `FAILED (${result.message})`}\n`);
		if (!result.passed) {
			passed = false;
			if (result.details) process.stdout.write(`${result.details}\n`);
		}
	}
	process.exitCode = passed ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
