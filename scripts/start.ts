/**
 * `npm start`: the package in a real n8n on an embedded Okta. Builds the package, starts the Okta sandbox
 * with demo data, installs the pinned n8n (first run only), loads the packed package, imports ready-made
 * credentials pointing at the sandbox and the example workflows, starts n8n and prints the editor URL.
 * Ctrl+C stops everything.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createN8n, ensureN8nInstalled, ROOT, startSandboxProcess } from '../test/e2e/lib/n8n';

const CREDENTIALS = {
	oktaDirectoryApiTokenApi: { id: 'demoOktaToken001', name: 'Okta sandbox (API token)' },
	oktaDirectoryServiceAppApi: { id: 'demoOktaService01', name: 'Okta sandbox (service app)' },
};

async function main(): Promise<void> {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	ensureN8nInstalled();
	const n8n = await createN8n('demo');
	const sandbox = await startSandboxProcess(n8n.logs, ['--seed', 'demo']);
	process.on('exit', () => void sandbox.stop());
	n8n.importCredentials([
		{ ...CREDENTIALS.oktaDirectoryApiTokenApi, type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } },
		{
			...CREDENTIALS.oktaDirectoryServiceAppApi,
			type: 'oktaDirectoryServiceAppApi',
			data: { domain: sandbox.baseUrl, clientId: sandbox.info.serviceApp.clientId, privateKey: sandbox.info.serviceApp.privateKeyPem, kid: sandbox.info.serviceApp.keyId, accessToken: '' },
		},
	]);
	const examples = join(ROOT, 'examples');
	for (const file of readdirSync(examples).filter((name) => name.endsWith('.json'))) {
		const workflow = JSON.parse(readFileSync(join(examples, file), 'utf8')) as { id?: string; nodes: Array<{ credentials?: Record<string, { id: string; name: string }> }> };
		// A stable id per example, so a second `npm start` updates instead of duplicating.
		workflow.id = `demo${file.replace(/[^a-z0-9]/gi, '')}`.padEnd(16, '0').slice(0, 16);
		for (const node of workflow.nodes) {
			if (node.credentials?.oktaDirectoryApiTokenApi) node.credentials.oktaDirectoryApiTokenApi = CREDENTIALS.oktaDirectoryApiTokenApi;
		}
		n8n.importWorkflow(workflow);
	}
	const server = await n8n.start();
	console.log(`
n8n with n8n-nodes-okta is ready: ${server.url}
  Okta sandbox:  ${sandbox.baseUrl} (state: ${sandbox.baseUrl}/__sandbox/state)
  Credentials:   "${CREDENTIALS.oktaDirectoryApiTokenApi.name}" and "${CREDENTIALS.oktaDirectoryServiceAppApi.name}"
  Workflows:     the examples/ folder, imported
  Logs:          ${n8n.logs}
Create the owner account on first visit. Press Ctrl+C to stop.`);
	const stop = async () => {
		await server.stop();
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
