import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

import { operations as applicationOperations } from '../../../nodes/Okta/actions/application';
import { operations as deviceOperations } from '../../../nodes/Okta/actions/device';
import { operations as eventOperations } from '../../../nodes/Okta/actions/event';
import { operations as groupOperations } from '../../../nodes/Okta/actions/group';
import { operations as realmOperations } from '../../../nodes/Okta/actions/realm';
import { operations as systemLogOperations } from '../../../nodes/Okta/actions/systemLog';
import { operations as userOperations } from '../../../nodes/Okta/actions/user';
import { operations as userLifecycleOperations } from '../../../nodes/Okta/actions/userLifecycle';
import { operations as userTypeOperations } from '../../../nodes/Okta/actions/userType';
import { offeredOperations, offeredResources } from './run';

/**
 * Every operation the node offers in the editor has an implementation behind it, and is run by a test:
 * test/nodes/Okta/actions/<resource>.test.ts calls expectEveryOperationRun('<resource>') (run.ts), which
 * records each operation n8n-core actually executed in that file and, after its tests, fails the file when
 * an offered operation never ran successfully. This file checks that every resource's test file makes
 * that call, at its top level, in code (not in a comment or a string).
 */

const resources = offeredResources();
const implemented: Record<string, Record<string, unknown>> = {
	application: applicationOperations,
	device: deviceOperations,
	event: eventOperations,
	group: groupOperations,
	realm: realmOperations,
	systemLog: systemLogOperations,
	user: userOperations,
	userLifecycle: userLifecycleOperations,
	userType: userTypeOperations,
};

/** The string arguments of top-level expectEveryOperationRun(...) calls in a test file. */
function coverageCalls(file: string): string[] {
	const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	return source.statements.flatMap((statement) => {
		if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return [];
		const call = statement.expression;
		if (!ts.isIdentifier(call.expression) || call.expression.text !== 'expectEveryOperationRun') return [];
		return call.arguments.filter(ts.isStringLiteral).map((argument) => argument.text);
	});
}

describe('operation coverage', () => {
	it('offers the full resource matrix, each resource with operations', () => {
		expect([...resources].sort()).toEqual(['application', 'device', 'event', 'group', 'realm', 'systemLog', 'user', 'userLifecycle', 'userType']);
		expect(resources.filter((resource) => offeredOperations(resource).length === 0)).toEqual([]);
		expect(resources.reduce((total, resource) => total + offeredOperations(resource).length, 0)).toBeGreaterThanOrEqual(45);
	});

	it.each(resources)('every %s operation offered is implemented, and nothing else is', (resource) => {
		expect(Object.keys(implemented[resource]).sort()).toEqual([...offeredOperations(resource)].sort());
	});

	it.each(resources)('%s.test.ts checks that it ran every operation of its resource', (resource) => {
		const file = join(__dirname, 'actions', `${resource}.test.ts`);
		expect(existsSync(file)).toBe(true);
		expect(coverageCalls(file)).toEqual([resource]);
	});

	it('reads calls from code only', () => {
		const folder = mkdtempSync(join(tmpdir(), 'coverage-probe-'));
		const probe = join(folder, 'probe.test.ts');
		writeFileSync(probe, "// expectEveryOperationRun('user');\nconst text = \"expectEveryOperationRun('group')\";\nexpectEveryOperationRun('realm');\n");
		try {
			expect(coverageCalls(probe)).toEqual(['realm']);
		} finally {
			rmSync(folder, { recursive: true });
		}
	});
});
