import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import type { N8nServer } from './n8n';

/**
 * Debian's Chromium driven by playwright-core, for checking the editor the way a person sees it. The flags keep
 * Chromium off the network (this machine's is closed: background services would retry for ever) and let it
 * run as root, headless.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export interface EditorBrowser {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Saves `<n>-<name>.png` into the screenshot folder and returns its path. */
	screenshot(name: string): Promise<string>;
	screenshots: string;
	close(): Promise<void>;
}

/**
 * Opens Chromium with a fresh profile, logged in to `server` as its owner through the editor's own sign-in
 * call, so the session cookie is the browser's own. Screenshots go to `screenshotDir` (under .e2e/, which git ignores).
 */
export async function openEditorBrowser(server: N8nServer, screenshotDir: string): Promise<EditorBrowser> {
	if (!server.owner) throw new Error('openEditorBrowser needs n8n started with an owner');
	// n8n marks its elements with data-test-id (not Playwright's default data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const profile = mkdtempSync(join(tmpdir(), 'n8n-okta-chromium-'));
	mkdirSync(screenshotDir, { recursive: true });
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: { width: 1600, height: 1000 },
	});
	const browser = context.browser() as Browser;
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30_000);
	let shots = 0;
	const close = async () => {
		await context.close().catch(() => undefined);
		rmSync(profile, { recursive: true, force: true });
	};
	try {
		const login = await page.request.post(`${server.url}/rest/login`, {
			data: { emailOrLdapLoginId: server.owner.email, password: server.owner.password },
		});
		if (!login.ok()) throw new Error(`sign-in failed: HTTP ${login.status()} ${(await login.text()).slice(0, 300)}`);
	} catch (error) {
		await close();
		throw error;
	}
	return {
		browser,
		context,
		page,
		screenshots: screenshotDir,
		screenshot: async (name: string) => {
			const file = join(screenshotDir, `${String(++shots).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file });
			return file;
		},
		close,
	};
}
