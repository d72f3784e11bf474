import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { requestsMade, runOperation } from '../run';

/**
 * examples/group-sync.json on the demo org (what `npm start` seeds), with the Engineering group chosen:
 * the HR rows from its Code node go through its two Okta nodes, with their parameters as saved.
 */

interface ExampleNode {
	name: string;
	type: string;
	parameters: INodeParameters;
}

const workflow = JSON.parse(readFileSync(join(__dirname, '../../../../examples/group-sync.json'), 'utf8')) as { nodes: ExampleNode[] };
const node = (type: string, operation?: string) => workflow.nodes.find((entry) => entry.type === type && (!operation || entry.parameters.operation === operation))!;
// The Code node's script returns the rows; it needs nothing from n8n.
const rows = (new Function(String(node('n8n-nodes-base.code').parameters.jsCode)) as () => Array<{ json: IDataObject }>)();

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
afterEach(() => requestsMade(sandbox));

it('creates the new hire, keeps the others, and plans the group change in Dry Run without touching the group', async () => {
	const engineering = [...sandbox.state.groups.values()].find((group) => group.profile.name === 'Engineering')!;
	const membersBefore = [...sandbox.state.memberships.get(engineering.id)!];
	const { resource, operation, ...upsert } = node('n8n-nodes-okta.oktaDirectory', 'createOrUpdate').parameters;
	const users = await runOperation(sandbox, String(resource), String(operation), upsert, { items: rows });
	expect(users.map((item) => item.json.action)).toEqual(rows.map((row) => (row.json.login === 'new.hire@example.com' ? 'created' : expect.stringMatching(/^(unchanged|updated)$/))));

	const setMembers = node('n8n-nodes-okta.oktaDirectory', 'setMembers').parameters;
	const groupId = { ...(setMembers.groupId as IDataObject), mode: 'id', value: engineering.id };
	const [plan] = await runOperation(sandbox, 'group', 'setMembers', { ...setMembers, groupId }, { items: users.map((item) => ({ json: item.json })) });
	const loginOf = (id: string) => String(sandbox.state.users.get(id)!.profile.login);
	const listed = new Set(rows.map((row) => String(row.json.login)));
	expect(plan.json).toMatchObject({
		dryRun: true,
		added: [{ login: 'new.hire@example.com' }],
		removed: membersBefore.filter((id) => !listed.has(loginOf(id))).map((id) => ({ id, login: loginOf(id) })),
		unknown: [],
	});
	expect([...sandbox.state.memberships.get(engineering.id)!]).toEqual(membersBefore);
});
