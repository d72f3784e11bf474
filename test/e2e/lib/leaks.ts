import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nFolder } from './n8n';
import type { SandboxProcess } from './sandbox';

/**
 * Secret-leak checks for a run: n8n's database files (executions, workflows, static data; credentials are
 * stored encrypted), every log but the sandbox's own, and `n8n export:workflow --all`.
 */

/** The secrets a sandbox run involves: its API token, OAuth client secret, the service app's key, and every token and hook secret it issued or was given. */
export async function sandboxSecrets(sandbox: SandboxProcess): Promise<Array<{ name: string; value: string }>> {
	const issued = await sandbox.control<{ accessTokens: string[]; refreshTokens: string[]; hookSecrets: string[] }>('GET', '/issued-secrets');
	return [
		{ name: 'API token', value: sandbox.apiToken },
		{ name: 'OAuth client secret', value: String(sandbox.info.oauthWebApp.clientSecret) },
		{ name: 'service app private key', value: String(sandbox.info.serviceApp.privateKeyPem).split('\n')[1] },
		...issued.accessTokens.map((value) => ({ name: 'access token', value })),
		...issued.refreshTokens.map((value) => ({ name: 'refresh token', value })),
		...issued.hookSecrets.map((value) => ({ name: 'event hook secret', value })),
	];
}

/** Where each secret was found (empty when none leaked); names the file and the kind of secret, never its value. */
export async function findLeaks(folder: N8nFolder, secrets: Array<{ name: string; value: string }>): Promise<string[]> {
	const dataDir = join(folder.userFolder, '.n8n');
	const files = [
		...readdirSync(dataDir).filter((file) => file.startsWith('database.sqlite')).map((file) => join(dataDir, file)),
		...readdirSync(folder.logs).filter((file) => !file.startsWith('sandbox')).map((file) => join(folder.logs, file)),
	];
	if (!files.some((file) => file.includes('database.sqlite'))) throw new Error(`no n8n database in ${dataDir}`);
	const sources = files.map((file) => ({ where: file, text: readFileSync(file).toString('latin1') }));
	sources.push({ where: 'n8n export:workflow --all', text: (await folder.cli(['export:workflow', '--all'], { allowFailure: true })).stdout });
	return sources.flatMap(({ where, text }) => secrets.filter((secret) => secret.value && text.includes(secret.value)).map((secret) => `${secret.name} in ${where}`));
}
