import type { CredentialImport } from './n8n';
import type { SandboxProcess } from './sandbox';
import { WorkflowBuilder, type CredentialRef } from './workflow';

/**
 * The three credentials against a sandbox, ready for `importCredentials`: the API token; OAuth2 with tokens
 * from a real authorization-code exchange at the sandbox (as n8n's "Connect my account" would store them);
 * and the service app with its private key (token fetched on first use).
 */
export async function sandboxCredentials(
	sandbox: SandboxProcess,
	refs: { token: CredentialRef; oauth: CredentialRef; service: CredentialRef },
	scopes: { oauth: string; service: string },
): Promise<CredentialImport[]> {
	const redirect = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
	const { clientId, clientSecret } = sandbox.info.oauthWebApp;
	const authorize = await fetch(`${sandbox.baseUrl}/oauth2/v1/authorize?client_id=${clientId}&response_type=code&scope=${encodeURIComponent(scopes.oauth)}&redirect_uri=${encodeURIComponent(redirect)}&state=e2e`, { redirect: 'manual' });
	const code = new URL(String(authorize.headers.get('location'))).searchParams.get('code')!;
	const tokenData = await (await fetch(`${sandbox.baseUrl}/oauth2/v1/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: clientId, client_secret: clientSecret }),
	})).json();
	return [
		{ ...refs.token, data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } },
		{ ...refs.oauth, data: { domain: sandbox.baseUrl, clientId, clientSecret, oauthTokenData: tokenData } },
		{ ...refs.service, data: { domain: sandbox.baseUrl, clientId: sandbox.info.serviceApp.clientId, privateKey: sandbox.info.serviceApp.privateKeyPem, kid: sandbox.info.serviceApp.keyId, scopes: scopes.service, accessToken: '' } },
	];
}

/** A Manual Trigger and one HTTP Request node per credential (Predefined Credential Type), each GETting `path`. */
export function otherEndpointWorkflow(name: string, baseUrl: string, path: string, credentials: CredentialRef[]): ReturnType<WorkflowBuilder['build']> {
	const builder = new WorkflowBuilder(name).manualTrigger();
	for (const credential of credentials) {
		const node = `${path} via ${credential.type}`;
		builder.node(node, 'n8n-nodes-base.httpRequest', { url: `${baseUrl}${path}`, authentication: 'predefinedCredentialType', nodeCredentialType: credential.type, options: {} }, { typeVersion: 4.2, credentials: credential, executeOnce: true });
		// One branch each from Start: an empty answer ends a branch without stopping the others.
		builder.connect('Start', node);
	}
	return builder.build();
}
