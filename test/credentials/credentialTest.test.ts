import { OktaDirectoryApiTokenApi } from '../../credentials/OktaDirectoryApiTokenApi.credentials';
import { OktaDirectoryServiceAppApi } from '../../credentials/OktaDirectoryServiceAppApi.credentials';
import { OktaDirectory } from '../../nodes/Okta/OktaDirectory.node';
import { oktaBaseUrl } from '../../nodes/Okta/shared/domain';
import { testCredential } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';

/**
 * The credential dialog's Test, run the way n8n's credentials tester runs a declarative test (n8n-core's
 * RoutingNode with the credential's authenticate and preAuthentication): a bad domain gets the same message as a
 * node run, and nothing is sent anywhere.
 */

const BAD_DOMAINS = ['https://dev-1.okta.com/admin', 'dev-1.okta,com', '127.0.0.1:39201'];

/** The node's own message for a domain, from the code under test. */
function domainMessage(domain: string): string {
	try {
		oktaBaseUrl(domain);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error(`${domain} is a valid domain`);
}

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('API token: Test', () => {
	const type = new OktaDirectoryApiTokenApi();

	it.each(BAD_DOMAINS)('%s: the node\'s domain message, and no request', async (domain) => {
		const result = await testCredential({ credentialType: type, data: { domain, apiToken: sandbox.apiToken }, node: new OktaDirectory() });
		expect(result).toEqual({ status: 'Error', message: domainMessage(domain) });
		expect(sandbox.requestLog).toEqual([]);
	});

	it('a good domain and token pass, against /api/v1/users/me with the SSWS header', async () => {
		const result = await testCredential({ credentialType: type, data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken }, node: new OktaDirectory() });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requestLog.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /api/v1/users/me']);
	});

	it('a wrong token fails and is not echoed', async () => {
		const result = await testCredential({ credentialType: type, data: { domain: sandbox.baseUrl, apiToken: 'not-the-token-123' }, node: new OktaDirectory() });
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain('not-the-token-123');
	});
});

describe('service app: Test', () => {
	it.each(BAD_DOMAINS)('%s: the node\'s domain message, and no token request', async (domain) => {
		const { clientId, privateKeyPem, keyId } = sandbox.oauth.serviceApp;
		const result = await testCredential({
			credentialType: new OktaDirectoryServiceAppApi(),
			data: { domain, clientId, privateKey: privateKeyPem, kid: keyId, scopes: 'okta.users.read', accessToken: '' },
			node: new OktaDirectory(),
		});
		expect(result).toEqual({ status: 'Error', message: domainMessage(domain) });
		expect(sandbox.requestLog).toEqual([]);
	});
});
