/**
 * Runs the Okta sandbox until stopped (Ctrl-C or SIGTERM). `npm run sandbox -- --help` lists the options.
 * It prints the base URL, the API token and the OAuth clients: they are the sandbox's own test credentials.
 */
import { startSandbox, type SandboxOptions } from './index';
import { OKTA_LIMITS, type RateLimits } from './rateLimit';
import type { Seed } from './seed';

const USAGE = `Usage: npm run sandbox -- [options]
  --port <n>                 port on 127.0.0.1 (default 8443; 0 picks a free one)
  --seed <seed>              empty | demo | counts like users:10000,groups:20,devices:5 (default demo)
  --token <token>            the SSWS API token to accept (default: generated)
  --latency <ms>             added to every request (default 0)
  --rate-limit <n>           requests per window for every endpoint family (default 10000)
  --rate-limits <preset>     workforce | integrator: Okta's published per-minute limits
  --window-ms <ms>           rate-limit window (default 60000)
  --concurrency <n>          requests in flight before 429 (default 75)
  --access-token-ttl <s>     lifetime of issued access tokens (default 3600)
  --delivery-batch-ms <ms>   how long events gather into one hook delivery (default 50)
  --delivery-timeout-ms <ms> how long a hook has to answer (default 3000)
  --validate-responses false skip checking responses against the spec
  --json                     print the credentials as one JSON line (for scripts)`;

function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

function numberOption(name: string, fallback: number): number {
	const text = option(name);
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0, not ${text}\n\n${USAGE}`);
	return value;
}

function seedOption(value: string | undefined): Seed {
	if (value === undefined) return 'demo';
	if (value === 'empty' || value === 'demo') return value;
	if (/^(users|groups|devices):\d+(,(users|groups|devices):\d+)*$/.test(value)) {
		return Object.fromEntries(value.split(',').map((part) => part.split(':')).map(([key, count]) => [key, Number(count)]));
	}
	throw new Error(`--seed must be empty, demo or counts like users:450,devices:3, not ${value}\n\n${USAGE}`);
}

function rateLimitsOption(): RateLimits {
	const preset = option('rate-limits');
	if (preset !== undefined) {
		if (preset !== 'workforce' && preset !== 'integrator') throw new Error(`--rate-limits must be workforce or integrator, not ${preset}\n\n${USAGE}`);
		return OKTA_LIMITS[preset];
	}
	if (option('rate-limit') === undefined) return {};
	const limit = numberOption('rate-limit', 10_000);
	return { users: limit, userById: limit, userWrites: limit, groups: limit, devices: limit, other: limit };
}

async function main(): Promise<void> {
	if (process.argv.includes('--help')) {
		console.log(USAGE);
		return;
	}
	const options: SandboxOptions = {
		port: numberOption('port', 8443),
		seed: seedOption(option('seed')),
		apiToken: option('token'),
		latencyMs: numberOption('latency', 0),
		rateLimits: rateLimitsOption(),
		rateLimitWindowMs: numberOption('window-ms', 60_000),
		concurrencyLimit: numberOption('concurrency', 75),
		accessTokenTtlSeconds: numberOption('access-token-ttl', 3600),
		deliveryBatchMs: numberOption('delivery-batch-ms', 50),
		deliveryTimeoutMs: numberOption('delivery-timeout-ms', 3000),
		validateResponses: option('validate-responses') !== 'false',
	};
	const sandbox = await startSandbox(options);
	const { webApp, serviceApp } = sandbox.oauth;
	const summary = {
		baseUrl: sandbox.baseUrl,
		apiToken: sandbox.apiToken,
		oauthWebApp: webApp,
		serviceApp: { clientId: serviceApp.clientId, keyId: serviceApp.keyId, privateKeyPem: serviceApp.privateKeyPem, publicJwk: serviceApp.publicJwk },
		users: sandbox.state.users.size,
		groups: sandbox.state.groups.size,
		devices: sandbox.state.devices.size,
	};
	if (process.argv.includes('--json')) {
		console.log(JSON.stringify(summary));
	} else {
		console.log(`Okta sandbox listening on ${summary.baseUrl}`);
		console.log(`  API token (SSWS):         ${summary.apiToken}`);
		console.log(`  OAuth2 web app:           client ID ${webApp.clientId}, client secret ${webApp.clientSecret}`);
		console.log(`                            authorize ${summary.baseUrl}/oauth2/v1/authorize, token ${summary.baseUrl}/oauth2/v1/token (any redirect URI on localhost/127.0.0.1)`);
		console.log(`  Service app (private_key_jwt): client ID ${serviceApp.clientId}, key ID ${serviceApp.keyId}, private key:`);
		console.log(serviceApp.privateKeyPem.trim());
		console.log(`  Seeded: ${summary.users} users, ${summary.groups} groups, ${summary.devices} devices`);
		console.log(`  Introspection: ${summary.baseUrl}/__sandbox/state, /__sandbox/requests (Ctrl-C to stop)`);
	}
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
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
