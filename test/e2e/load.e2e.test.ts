import { installPackage, startN8n, stopN8n, uniqueRunId, type N8nFolder, type N8nServer, type NodeTypeDescription } from './lib/n8n';

/**
 * The packed package, installed into .n8n/nodes of a fresh user folder the way n8n installs community
 * packages, is what n8n 2.41.1 loads: headless (`n8n export:nodes`) and in the editor (`n8n start`, signed in
 * as the owner: /types/nodes.json, /types/credentials.json and the icons).
 */

const NODES: Array<[string, string]> = [
	['n8n-nodes-okta.oktaDirectory', 'Okta Directory'],
	// usableAsTool: n8n also offers the node to AI agents as a tool.
	['n8n-nodes-okta.oktaDirectoryTool', 'Okta Directory Tool'],
	['n8n-nodes-okta.oktaEventHookTrigger', 'Okta Event Hook Trigger'],
	['n8n-nodes-okta.oktaSystemLogTrigger', 'Okta System Log Trigger'],
];
const CREDENTIALS = ['oktaDirectoryApiTokenApi', 'oktaDirectoryOAuth2Api', 'oktaDirectoryServiceAppApi'];

let n8n: N8nFolder;
let server: N8nServer | undefined;

const ours = (types: NodeTypeDescription[]) => types.filter((type) => type.name.startsWith('n8n-nodes-okta.'));
const credentialNames = (type: NodeTypeDescription | undefined) => (type?.credentials ?? []).map((credential) => credential.name).sort();
const iconUrls = (icon: NodeTypeDescription['iconUrl']): string[] => (icon === undefined ? [] : typeof icon === 'string' ? [icon] : [icon.light, icon.dark]);

beforeAll(async () => {
	n8n = await installPackage(uniqueRunId('load'));
}, 600_000);

afterAll(async () => {
	await stopN8n(server);
});

describe('n8n 2.41.1 loads the packed package', () => {
	it('n8n export:nodes lists the three nodes as n8n-nodes-okta.<node>, with the three credentials', async () => {
		const types = await n8n.listNodeTypes();
		expect(ours(types).map((type) => [type.name, type.displayName]).sort()).toEqual(NODES);
		const byName = new Map(types.map((type) => [type.name, type]));
		expect(credentialNames(byName.get('n8n-nodes-okta.oktaDirectory'))).toEqual(CREDENTIALS);
		expect(credentialNames(byName.get('n8n-nodes-okta.oktaEventHookTrigger'))).toEqual(CREDENTIALS);
		expect(credentialNames(byName.get('n8n-nodes-okta.oktaSystemLogTrigger'))).toEqual(CREDENTIALS);
		expect(byName.get('n8n-nodes-okta.oktaSystemLogTrigger')?.polling).toBe(true);
		expect(byName.get('n8n-nodes-okta.oktaEventHookTrigger')?.webhooks).toBeDefined();
		// n8n's own Okta node is still there and distinct.
		expect(byName.get('n8n-nodes-base.okta')?.displayName).toBe('Okta');
	});

	it('the editor offers the nodes and credential types, and serves every icon', async () => {
		server = await startN8n(n8n, { owner: true });
		const nodeTypes = ours(await server.nodeTypes());
		expect(nodeTypes.map((type) => type.name).sort()).toEqual(NODES.map(([name]) => name));

		const credentialTypes = (await server.credentialTypes()).filter((type) => CREDENTIALS.includes(type.name));
		expect(credentialTypes.map((type) => type.name).sort()).toEqual(CREDENTIALS);
		const byName = new Map(credentialTypes.map((type) => [type.name, type]));
		const fields = (name: string) => byName.get(name)!.properties.map((property) => property.name);
		expect(fields('oktaDirectoryApiTokenApi')).toEqual(expect.arrayContaining(['domain', 'apiToken']));
		expect(byName.get('oktaDirectoryOAuth2Api')?.extends).toEqual(['oAuth2Api']);
		// Client ID and secret come from oAuth2Api; the Okta type adds the domain and computes the URLs and scope.
		expect(fields('oktaDirectoryOAuth2Api')).toEqual(expect.arrayContaining(['domain', 'authUrl', 'accessTokenUrl', 'scope']));
		expect(fields('oktaDirectoryServiceAppApi')).toEqual(expect.arrayContaining(['domain', 'clientId', 'privateKey']));

		const icons = [...nodeTypes, ...credentialTypes].flatMap((type) => iconUrls(type.iconUrl as NodeTypeDescription['iconUrl']).map((url) => ({ type: type.name, url })));
		expect(icons.length).toBeGreaterThanOrEqual(2 * (nodeTypes.length + credentialTypes.length) - 1);
		for (const { type, url } of icons) {
			const response = await fetch(`${server.url}/${url}`);
			const body = await response.text();
			expect({ type, url, status: response.status, svg: body.includes('<svg') }).toEqual({ type, url, status: 200, svg: true });
		}
	});
});
