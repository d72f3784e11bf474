import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INodePropertyOptions } from 'n8n-workflow';

import { OktaDirectory } from '../../../nodes/Okta/OktaDirectory.node';
import { operations as deviceOperations } from '../../../nodes/Okta/actions/device';
import { operations as groupOperations } from '../../../nodes/Okta/actions/group';
import { operations as realmOperations } from '../../../nodes/Okta/actions/realm';
import { operations as systemLogOperations } from '../../../nodes/Okta/actions/systemLog';
import { operations as userOperations } from '../../../nodes/Okta/actions/user';
import { operations as userLifecycleOperations } from '../../../nodes/Okta/actions/userLifecycle';
import { operations as userTypeOperations } from '../../../nodes/Okta/actions/userType';

/**
 * Every operation the node offers in the editor must be run by at least one test against the sandbox, in
 * test/nodes/Okta/actions/<resource>.test.ts, and must have an implementation behind it.
 */

const description = new OktaDirectory().description;
const resources = (description.properties.find((property) => property.name === 'resource')!.options as INodePropertyOptions[]).map((option) => String(option.value));
const implemented: Record<string, Record<string, unknown>> = {
	device: deviceOperations,
	group: groupOperations,
	realm: realmOperations,
	systemLog: systemLogOperations,
	user: userOperations,
	userLifecycle: userLifecycleOperations,
	userType: userTypeOperations,
};

function offered(resource: string): string[] {
	const property = description.properties.find((entry) => entry.name === 'operation' && entry.displayOptions?.show?.resource?.includes(resource));
	return ((property?.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));
}

describe('operation coverage', () => {
	it('offers the full resource matrix', () => {
		expect(resources.sort()).toEqual(['device', 'group', 'realm', 'systemLog', 'user', 'userLifecycle', 'userType']);
		expect(resources.map((resource) => offered(resource).length)).toEqual(resources.map(() => expect.any(Number)));
		expect(resources.reduce((total, resource) => total + offered(resource).length, 0)).toBeGreaterThanOrEqual(45);
	});

	it.each(resources)('every %s operation is implemented and run by a test', (resource) => {
		const file = join(__dirname, 'actions', `${resource}.test.ts`);
		expect(existsSync(file)).toBe(true);
		const source = readFileSync(file, 'utf8');
		const untested = offered(resource).filter((operation) => {
			const quoted = `'${operation}'`;
			return !(
				source.includes(`run(${quoted}`) ||
				source.includes(`operation: ${quoted}`) ||
				source.includes(`'${resource}', ${quoted}`) ||
				// a row of a table-driven test: [operation, expected…]
				source.includes(`[${quoted}, `)
			);
		});
		expect(untested).toEqual([]);
		expect(offered(resource).filter((operation) => !(operation in implemented[resource]))).toEqual([]);
		expect(Object.keys(implemented[resource]).sort()).toEqual([...offered(resource)].sort());
	});
});
