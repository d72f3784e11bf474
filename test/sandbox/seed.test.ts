import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSandbox } from './index';
import { DEMO_LEAVER_LOGIN } from './seed';

/**
 * The demo seed has what the examples use, read from the example files themselves: onboarding's groups exist and
 * its joiner does not (so Create succeeds), and offboarding's leaver is an ACTIVE member of groups with sessions.
 * The e2e spec test/e2e/examples.e2e.test.ts runs them in real n8n; this is the fast check of the data.
 */

const example = (file: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')) as { nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
const setNodeJson = (file: string, node: string) => JSON.parse(String(example(file).nodes.find((candidate) => candidate.name === node)!.parameters.jsonOutput)) as Record<string, any>;

it('has the groups onboarding adds its joiner to, and not the joiner', async () => {
	const sandbox = await startSandbox({ seed: 'demo' });
	try {
		const joiner = setNodeJson('onboarding.json', 'Joiner data');
		const names = [...sandbox.state.groups.values()].map((group) => group.profile.name);
		expect(names).toEqual(expect.arrayContaining(joiner.groups));
		expect([...sandbox.state.users.values()].filter((user) => user.profile.login === joiner.login)).toEqual([]);
		const allStaff = [...sandbox.state.groups.values()].find((group) => group.profile.name === 'All Staff')!;
		const active = [...sandbox.state.users.values()].filter((user) => user.status === 'ACTIVE').map((user) => user.id);
		expect([...sandbox.state.memberships.get(allStaff.id)!].sort()).toEqual(active.sort());
	} finally {
		await sandbox.close();
	}
});

it('has offboarding\'s leaver: ACTIVE, in Engineering and All Staff, with sessions', async () => {
	const sandbox = await startSandbox({ seed: 'demo' });
	try {
		const leaverLogin = setNodeJson('offboarding.json', 'Leaver login').login;
		expect(leaverLogin).toBe(DEMO_LEAVER_LOGIN);
		const leaver = [...sandbox.state.users.values()].find((user) => user.profile.login === leaverLogin)!;
		expect(leaver).toMatchObject({ status: 'ACTIVE', profile: { firstName: 'Pat', lastName: 'Leaver' } });
		expect(leaver.sessions).toBeGreaterThan(0);
		const groupsOf = [...sandbox.state.groups.values()].filter((group) => sandbox.state.memberships.get(group.id)!.has(leaver.id)).map((group) => group.profile.name);
		expect(groupsOf.sort()).toEqual(['All Staff', 'Engineering', 'Everyone']);
	} finally {
		await sandbox.close();
	}
});
