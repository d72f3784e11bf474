import { OktaDirectory } from '../../../../nodes/Okta/OktaDirectory.node';
import { runListSearch, runLoadOptions } from '../../../helpers/n8n';
import { startSandbox, type Sandbox } from '../../../sandbox';

/** Resource-locator searches and dropdowns, through n8n-core's LoadOptionsContext against the sandbox. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: { users: 450, devices: 3 } });
});
afterAll(async () => await sandbox.close());

const credentials = () => ({ type: 'oktaDirectoryApiTokenApi', data: { domain: sandbox.baseUrl, apiToken: sandbox.apiToken } });
const node = new OktaDirectory();

describe('list search', () => {
	it('pages through every user instead of stopping at the first page', async () => {
		const seen = new Set<string>();
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await runListSearch({ node, method: 'searchUsers', credentials: credentials(), paginationToken: token });
			page.results.forEach((result) => seen.add(String(result.value)));
			token = page.paginationToken as string | undefined;
			pages++;
		} while (token);
		expect(seen.size).toBe(450);
		expect(pages).toBe(3);
	});

	it('searches users on the server by name, login or email', async () => {
		const user = [...sandbox.state.users.values()][7];
		const { results } = await runListSearch({ node, method: 'searchUsers', credentials: credentials(), filter: String(user.profile.login).slice(0, 12) });
		expect(results.map((result) => result.value)).toContain(user.id);
		expect(results.find((result) => result.value === user.id)?.name).toContain(String(user.profile.login));
		const logged = sandbox.requestLog.at(-1)!;
		expect(logged.query.search).toContain('profile.login sw');
		expect(logged.validation).toBe('passed');
	});

	it('finds groups, devices and user types', async () => {
		expect((await runListSearch({ node, method: 'searchGroups', credentials: credentials(), filter: 'Every' })).results.map((result) => result.name)).toEqual(['Everyone']);
		expect((await runListSearch({ node, method: 'searchDevices', credentials: credentials() })).results).toHaveLength(3);
		expect((await runListSearch({ node, method: 'searchUserTypes', credentials: credentials(), filter: 'user' })).results).toEqual([{ name: 'User (user)', value: 'oty0000000000default' }]);
		expect((await runListSearch({ node, method: 'searchRealms', credentials: credentials() })).results).toEqual([]);
	});

	it('never follows a pagination token to another host', async () => {
		await expect(runListSearch({ node, method: 'searchUsers', credentials: credentials(), paginationToken: 'https://evil.example.com/api/v1/users?after=x' })).rejects.toThrow(/Refusing to send the Okta credential/);
	});
});

describe('load options', () => {
	it('lists user types and realms for dropdowns', async () => {
		expect(await runLoadOptions({ node, method: 'getUserTypes', credentials: credentials() })).toEqual([{ name: 'User', value: 'oty0000000000default', description: 'The default user type' }]);
		expect(await runLoadOptions({ node, method: 'getRealms', credentials: credentials() })).toEqual([]);
	});
});
