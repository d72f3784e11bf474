import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { openEditorBrowser, type EditorBrowser } from './lib/browser';
import { installPackage, ROOT, startN8n, stopN8n, uniqueRunId, type N8nFolder, type N8nServer, type NodeTypeDescription } from './lib/n8n';
import { startSandboxProcess, type SandboxProcess } from './lib/sandbox';

/**
 * The editor as a person uses it, in Debian's Chromium: the node panel finds the package's nodes next to n8n's
 * built-in Okta node, an action opens the node with its fields, other resources and operations show theirs,
 * and the OAuth2 credential connects through n8n's own "Connect my account" popup (the sandbox's authorize
 * and token endpoints). Every expectation comes from the descriptions n8n serves, not from copies in this file.
 * Screenshots of each step: .e2e/screenshots/<run>/.
 */

const PACKAGE_NODE = 'n8n-nodes-okta.oktaDirectory';
const PACKAGE_TRIGGER = 'n8n-nodes-okta.oktaEventHookTrigger';
const BUILT_IN_OKTA = 'n8n-nodes-base.okta';
const OAUTH2_CREDENTIAL = 'oktaDirectoryOAuth2Api';

interface Property {
	name: string;
	displayName: string;
	type: string;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	options?: Array<{ name: string; value: unknown; action?: string }>;
}

/** n8n adds this option to every resource's operations in the descriptions it serves; the panel does not list it. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

let folder: N8nFolder;
let sandbox: SandboxProcess;
let server: N8nServer | undefined;
let editor: EditorBrowser | undefined;
let page: Page;
let nodeTypes: Map<string, NodeTypeDescription>;
const runId = uniqueRunId('editor');

const describeNode = (name: string): NodeTypeDescription => {
	const description = nodeTypes.get(name);
	if (!description) throw new Error(`n8n does not list ${name}`);
	return description;
};
const propertiesOf = (name: string) => describeNode(name).properties as Property[];
const optionName = (property: Property | undefined, value: string) => property?.options?.find((option) => option.value === value)?.name;

/** The operation parameter shown for `resource`. */
function operationProperty(resource: string): Property {
	const property = propertiesOf(PACKAGE_NODE).find((entry) => entry.name === 'operation' && entry.displayOptions?.show?.resource?.includes(resource));
	if (!property) throw new Error(`no operation parameter for resource ${resource}`);
	return property;
}

/** Labels n8n must render for resource + operation: the fields shown for exactly that pair, whatever the credential. */
function fieldLabels(resource: string, operation: string): string[] {
	return propertiesOf(PACKAGE_NODE)
		.filter((property) => {
			const show = property.displayOptions?.show ?? {};
			const keys = Object.keys(show).filter((key) => key !== 'authentication' && key !== '@version');
			return (
				!['hidden', 'notice', 'callout'].includes(String(property.type)) &&
				property.displayOptions?.hide === undefined &&
				keys.length === 2 &&
				show.resource?.includes(resource) &&
				show.operation?.includes(operation)
			);
		})
		.map((property) => property.displayName);
}

/** Picks the option whose title (not its description) is `title` in n8n's open select. */
async function chooseOption(select: Locator, title: string): Promise<void> {
	await select.click();
	await page.getByRole('option').filter({ has: page.getByText(title, { exact: true }) }).click();
}

/** Runs one step of the walk-through, then screenshots it; on failure, screenshots the page and names the file. */
async function step(name: string, body: () => Promise<void>): Promise<void> {
	try {
		await body();
		await editor!.screenshot(name);
	} catch (error) {
		const shot = await editor?.screenshot(`${name}-FAILED`).catch(() => undefined);
		throw Object.assign(error as Error, { message: `${(error as Error).message}\nscreenshot: ${shot ?? '(none)'}; n8n log: ${server?.log}` });
	}
}

beforeAll(async () => {
	folder = await installPackage(runId);
	sandbox = await startSandboxProcess(folder.logs, ['--seed', 'demo']);
	server = await startN8n(folder, { owner: true });
	nodeTypes = new Map((await server.nodeTypes()).map((description) => [description.name, description]));
	editor = await openEditorBrowser(server, join(ROOT, '.e2e', 'screenshots', runId));
	page = editor.page;
	process.stderr.write(`\ne2e: editor screenshots in ${editor.screenshots}\n`);
}, 600_000);

afterAll(async () => {
	await editor?.close();
	await stopN8n(server);
	await sandbox?.stop();
});

describe('the n8n editor with the package installed', () => {
	it('lists the package\'s nodes in the node panel, told apart from n8n\'s built-in Okta node', async () => {
		await step('node-panel', async () => {
			await page.goto(`${server!.url}/workflow/new`);
			await page.getByTestId('node-creator-plus-button').click();
			await page.getByTestId('node-creator-search-bar').fill('Okta');
			const names = page.getByTestId('node-creator-item-name');
			await names.filter({ hasText: describeNode(PACKAGE_NODE).displayName }).first().waitFor();
			const shown = (await names.allInnerTexts()).map((name) => name.trim());
			// The panel drops a trigger's " Trigger" suffix.
			const expected = [describeNode(BUILT_IN_OKTA).displayName, describeNode(PACKAGE_NODE).displayName, describeNode(PACKAGE_TRIGGER).displayName.replace(/ Trigger$/, '')];
			expect(shown).toEqual(expect.arrayContaining(expected));
			expect(new Set(expected).size).toBe(3);
		});
	});

	it('opens the node\'s actions (one per operation) and adds one from the panel', async () => {
		const operations = propertiesOf(PACKAGE_NODE).filter((property) => property.name === 'operation');
		const actionCount = operations.reduce((count, property) => count + (property.options ?? []).filter((option) => option.value !== CUSTOM_API_CALL).length, 0);
		const addUser = operationProperty('group').options!.find((option) => option.value === 'addUser')!;
		await step('actions', async () => {
			await page.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${describeNode(PACKAGE_NODE).displayName}$`) }).click();
			await expect(page.getByTestId('node-creator').getByText(/^Actions \(\d+\)$/).innerText()).resolves.toBe(`Actions (${actionCount})`);
		});
		await step('group-add-user', async () => {
			await page.getByTestId('node-creator').getByText(addUser.action!, { exact: true }).click();
			await page.getByTestId('ndv').waitFor();
			const resource = propertiesOf(PACKAGE_NODE).find((property) => property.name === 'resource');
			await expect(page.getByTestId('parameter-input-resource').locator('input').inputValue()).resolves.toBe(optionName(resource, 'group'));
			await expect(page.getByTestId('parameter-input-operation').locator('input').inputValue()).resolves.toBe(addUser.name);
		});
	});

	it('renders the chosen operation\'s fields, and another resource\'s and operation\'s when they change', async () => {
		await step('group-add-user-fields', async () => {
			const parameters = page.getByTestId('node-parameters');
			const labels = fieldLabels('group', 'addUser');
			expect(labels.length).toBeGreaterThanOrEqual(2);
			for (const label of labels) await expect(parameters.getByText(label, { exact: true }).first().isVisible()).resolves.toBe(true);
			// Group and user are resource locators: a searchable list, or an ID.
			await expect(page.getByTestId('resource-locator-groupId').isVisible()).resolves.toBe(true);
			await expect(page.getByTestId('resource-locator-userId').isVisible()).resolves.toBe(true);
		});
		await step('user-create-fields', async () => {
			const resource = propertiesOf(PACKAGE_NODE).find((property) => property.name === 'resource');
			await chooseOption(page.getByTestId('parameter-input-resource'), optionName(resource, 'user')!);
			await chooseOption(page.getByTestId('parameter-input-operation'), optionName(operationProperty('user'), 'create')!);
			const parameters = page.getByTestId('node-parameters');
			const labels = fieldLabels('user', 'create');
			expect(labels).toEqual(expect.arrayContaining(['Login', 'Email', 'First Name', 'Last Name']));
			for (const label of labels) await expect(parameters.getByText(label, { exact: true }).first().isVisible()).resolves.toBe(true);
			await expect(parameters.getByText(fieldLabels('group', 'addUser')[0], { exact: true }).count()).resolves.toBe(0);
		});
	});

	it('opens the OAuth2 credential dialog with n8n\'s callback URL, connects through the sandbox, and lists groups with it', async () => {
		const credential = (await server!.credentialTypes()).find((type) => type.name === OAUTH2_CREDENTIAL);
		expect(credential).toBeDefined();
		const authentication = propertiesOf(PACKAGE_NODE).find((property) => property.name === 'authentication');
		const dialog = page.getByTestId('editCredential-modal');
		await step('oauth2-dialog', async () => {
			const resource = propertiesOf(PACKAGE_NODE).find((property) => property.name === 'resource');
			await chooseOption(page.getByTestId('parameter-input-resource'), optionName(resource, 'group')!);
			await chooseOption(page.getByTestId('parameter-input-operation'), optionName(operationProperty('group'), 'addUser')!);
			await page.getByTestId('node-credentials-slot').click();
			await dialog.waitFor();
			await dialog.getByTestId('credential-mode-dropdown-trigger').click();
			await page.getByRole('menuitem', { name: optionName(authentication, 'oAuth2') }).click();
			await expect(dialog.getByText(credential!.displayName).first().isVisible()).resolves.toBe(true);
			await expect(dialog.getByText(`${server!.url}/rest/oauth2-credential/callback`).isVisible()).resolves.toBe(true);
			for (const field of ['clientId', 'clientSecret', 'domain']) {
				await expect(dialog.getByTestId(`parameter-input-${field}`).isVisible()).resolves.toBe(true);
			}
		});
		await step('oauth2-connected', async () => {
			const { clientId, clientSecret } = sandbox.info.oauthWebApp;
			await dialog.getByTestId('parameter-input-clientId').locator('input').fill(clientId);
			await dialog.getByTestId('parameter-input-clientSecret').locator('input').fill(clientSecret);
			await dialog.getByTestId('parameter-input-domain').locator('input').fill(sandbox.baseUrl);
			await sandbox.clearRequests();
			const popup = editor!.context.waitForEvent('page', { timeout: 30_000 });
			await dialog.getByRole('button', { name: /connect/i }).first().click();
			await popup;
			// n8n closes the dialog once the callback has stored the tokens.
			await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
			const requests = await sandbox.requests();
			expect(requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(
				expect.arrayContaining(['GET /oauth2/v1/authorize 302', 'POST /oauth2/v1/token 200']),
			);
		});
		await step('group-list-through-oauth2', async () => {
			await page.getByTestId('resource-locator-groupId').getByTestId('rlc-input').click();
			const groups = (await sandbox.state<{ groups: Array<{ profile: { name: string } }> }>()).groups.map((group) => group.profile.name);
			await page.getByTestId('rlc-item').first().waitFor();
			const listed = (await page.getByTestId('rlc-item').allInnerTexts()).map((name) => name.trim());
			expect(listed.length).toBeGreaterThan(0);
			expect(groups).toEqual(expect.arrayContaining(listed));
			const listCalls = (await sandbox.requests()).filter((entry) => entry.path === '/api/v1/groups' && entry.method === 'GET');
			expect(listCalls.length).toBeGreaterThan(0);
			// The token n8n got in the popup, not an API token.
			for (const call of listCalls) expect(call.headers.authorization).toBe('Bearer ****');
		});
	});
});
