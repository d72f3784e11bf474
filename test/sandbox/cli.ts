/**
 * Runs the Okta sandbox until stopped:
 *   npm run sandbox -- --port 8443 --seed demo --token <api token> [--latency 100]
 *                      [--rate-limit 600 | --rate-limits workforce|integrator] [--window-ms 60000]
 *                      [--concurrency 75] [--access-token-ttl 3600] [--validate-responses false] [--json]
 * --seed is empty, demo, or counts such as users:10000,groups:20,devices:5.
 * Prints the base URL, the API token and the OAuth clients (the sandbox's own test credentials).
 */
import { startSandbox } from './index';
import { OKTA_LIMITS } from './rateLimit';
import type { Seed } from './seed';

function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

function seedOption(value: string | undefined): Seed {
	if (!value || value === 'empty' || value === 'demo') return (value as Seed) ?? 'demo';
	const counts = /^((users|groups|devices):\d+,?)+$/.test(value) ? Object.fromEntries(value.split(',').map((part) => part.split(':')).map(([key, count]) => [key, Number(count)])) : undefined;
	if (counts) return counts;
	throw new Error(`--seed must be empty, demo or counts like users:450,devices:3, not ${value}`);
}

async function main(): Promise<void> {
	const rateLimit = option('rate-limit');
	const preset = option('rate-limits');
	if (preset && preset !== 'workforce' && preset !== 'integrator') throw new Error(`--rate-limits must be workforce or integrator, not ${preset}`);
	const sandbox = await startSandbox({
		port: Number(option('port') ?? 8443),
		seed: seedOption(option('seed')),
		apiToken: option('token'),
		latencyMs: Number(option('latency') ?? 0),
		rateLimits: preset ? OKTA_LIMITS[preset as 'workforce' | 'integrator'] : rateLimit ? { users: Number(rateLimit), userById: Number(rateLimit), userWrites: Number(rateLimit), groups: Number(rateLimit), devices: Number(rateLimit), other: Number(rateLimit) } : {},
		rateLimitWindowMs: Number(option('window-ms') ?? 60_000),
		concurrencyLimit: Number(option('concurrency') ?? 75),
		accessTokenTtlSeconds: Number(option('access-token-ttl') ?? 3600),
		validateResponses: option('validate-responses') !== 'false',
	});
	const summary = {
		baseUrl: sandbox.baseUrl,
		apiToken: sandbox.apiToken,
		oauthWebApp: sandbox.oauth.webApp,
		serviceApp: { clientId: sandbox.oauth.serviceApp.clientId, keyId: sandbox.oauth.serviceApp.keyId, privateKeyPem: sandbox.oauth.serviceApp.privateKeyPem },
		users: sandbox.state.users.size,
		groups: sandbox.state.groups.size,
		devices: sandbox.state.devices.size,
	};
	if (process.argv.includes('--json')) console.log(JSON.stringify(summary));
	else {
		console.log(`Okta sandbox listening on ${summary.baseUrl}`);
		console.log(`  API token (SSWS):      ${summary.apiToken}`);
		console.log(`  OAuth2 web app:        client ID ${summary.oauthWebApp.clientId}, secret ${summary.oauthWebApp.clientSecret}`);
		console.log(`  Service app:           client ID ${summary.serviceApp.clientId}, key ID ${summary.serviceApp.keyId}`);
		console.log(`  Service app key (PEM): \n${summary.serviceApp.privateKeyPem}`);
		console.log(`  Seeded: ${summary.users} users, ${summary.groups} groups, ${summary.devices} devices. Introspection: ${summary.baseUrl}/__sandbox/state`);
	}
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
