import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { OktaDirectory } from '../../../nodes/Okta/OktaDirectory.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { runOperation } from './run';

/**
 * Hostile IDs in every ID field of every operation, taken from the node's description so a new operation is
 * covered by itself: path traversal, CR/LF, query and fragment injection, and unicode look-alikes. Each must
 * either reach exactly the endpoint a harmless ID reaches (as one path segment), or be refused before
 * anything is sent, with an error that names the field and the item.
 */

const HOSTILE = [
	'../groups',
	'../../api/v1/groups',
	'..%2F..%2Fgroups',
	'%2e%2e',
	'..',
	'.',
	'00u1/lifecycle/deactivate',
	'00u1\r\nX-Evil: 1',
	'00u1\nHost: evil.example.com',
	'00u1?limit=1',
	'00u1#fragment',
	'00u1\uff0fgroups', // fullwidth solidus
	'00u1\u2024\u2024', // one-dot leaders
	'\u202e00u1', // right-to-left override
	'00u1\u0000',
	'00u1\u200b', // zero-width space
	'00u1 %20',
];
const HARMLESS = '00uHarmless0000000000';
/** The ID given to an operation's other ID fields (different from HARMLESS, so each request shows which field is which). */
const OTHER = '00gOther0000000000000';
/** What some operations need besides IDs before they send anything; the attack is on the IDs, not on these. */
const REQUIRED_FIELDS: Record<string, IDataObject> = {
	'user.update': { updateFields: { title: 'Attacked' } },
	'user.replace': { login: 'abuse@example.com', email: 'abuse@example.com', firstName: 'Ab', lastName: 'Use' },
	'group.update': { updateFields: { description: 'Attacked' } },
	'realm.update': { updateFields: { name: 'Attacked' } },
	'userType.update': { updateFields: { description: 'Attacked' } },
	'userType.replace': { displayName: 'Attacked' },
	'application.updateAssignedUser': { appUserName: 'attacked' },
};

interface IdField {
	resource: string;
	operation: string;
	field: string;
	label: string;
	mode: string;
}

const properties = new OktaDirectory().description.properties as INodeProperties[];

/** Every (operation, ID field, free-text mode) the node offers. URL modes are left out: a URL is parsed, not sent. */
const ID_FIELDS: IdField[] = properties
	.filter((property) => property.type === 'resourceLocator')
	.flatMap((property) => {
		const show = property.displayOptions?.show ?? {};
		const modes = (property.modes ?? []).map((mode) => mode.name).filter((mode) => mode !== 'url');
		return ((show.resource ?? []) as string[]).flatMap((resource) =>
			((show.operation ?? []) as string[]).flatMap((operation) => modes.map((mode) => ({ resource, operation, field: property.name, label: property.displayName, mode }))),
		);
	});

/** The other ID fields of the same operation, given a harmless ID, so only one field carries the attack. */
function parametersFor(target: IdField, value: string): IDataObject {
	const parameters: IDataObject = { ...REQUIRED_FIELDS[`${target.resource}.${target.operation}`] };
	for (const other of ID_FIELDS) {
		if (other.resource !== target.resource || other.operation !== target.operation || other.field === target.field) continue;
		parameters[other.field] = { __rl: true, mode: 'id', value: OTHER };
	}
	parameters[target.field] = { __rl: true, mode: target.mode, value };
	return parameters;
}

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());

/** A request as "METHOD /path?query-keys", with every path segment that decodes to one of `values` shown as {id}. */
function describeRequest(entry: Sandbox['requestLog'][number], values: string[]): { request: string; value?: string } {
	let matched: string | undefined;
	const segments = entry.path.split('/').map((segment) => {
		let decoded: string;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			return segment;
		}
		if (!values.includes(decoded)) return segment;
		matched = decoded;
		return '{id}';
	});
	const query = Object.keys(entry.query).length ? `?${Object.keys(entry.query).sort().join('&')}` : '';
	return { request: `${entry.method} ${segments.join('/')}${query}`, value: matched };
}

/**
 * Runs the operation once with one input item per value (the field is an expression over the item), and
 * returns each item's error and every request made. A request is told apart by the value in its path.
 */
async function runWith(target: IdField, values: string[]): Promise<{ requests: Array<{ request: string; value?: string }>; errors: Array<string | undefined> }> {
	sandbox.requestLog.length = 0;
	const items = values.map((value) => ({ json: { value } }));
	const output = await runOperation(sandbox, target.resource, target.operation, parametersFor(target, '={{ $json.value }}'), { items, continueOnFail: true });
	expect(output).toHaveLength(values.length);
	return { requests: sandbox.requestLog.map((entry) => describeRequest(entry, values)), errors: output.map((item) => item.json.error as string | undefined) };
}

it('finds the ID fields to attack in the node description', () => {
	const operations = new Set(ID_FIELDS.map((entry) => `${entry.resource}.${entry.operation}`));
	expect(operations.size).toBeGreaterThanOrEqual(35);
	expect(new Set(ID_FIELDS.map((entry) => entry.field))).toEqual(new Set(['userId', 'groupId', 'deviceId', 'realmId', 'typeId', 'appId']));
});

describe.each(ID_FIELDS.map((entry) => [`${entry.resource} → ${entry.operation}: ${entry.field} (${entry.mode})`, entry] as const))('%s', (_name, target) => {
	it('sends a hostile ID only as one path segment of the same endpoint, or refuses it naming field and item', async () => {
		// One run, one input item per ID: the harmless ID first, then every hostile one (plus one run of the
		// harmless ID alone); each ID is still checked on its own, told apart by the value its requests carry.
		// Requests whose path carries none of the IDs (a body carries the user, or the app is read to explain a
		// 404) cannot be told apart by item: they are allowed only where the harmless ID alone makes them too.
		const bare = (await runWith(target, [HARMLESS])).requests.filter((entry) => entry.value === undefined).map((entry) => entry.request);
		const run = await runWith(target, [HARMLESS, ...HOSTILE]);
		const allowed = [...run.requests.filter((entry) => entry.value === HARMLESS).map((entry) => entry.request), ...bare];
		expect(allowed.length).toBeGreaterThan(0);
		const hostile = { requests: run.requests.filter((entry) => entry.value !== HARMLESS), errors: run.errors.slice(1) };
		// Every request went where the harmless ID's requests went; none went elsewhere.
		for (const { request, value } of hostile.requests) expect({ value, request, allowed: allowed.includes(request) }).toEqual({ value, request, allowed: true });
		HOSTILE.forEach((value, index) => {
			if (hostile.requests.some((entry) => entry.value === value)) return;
			// Refused before sending: the error says which field of which item.
			const named = new RegExp(`${target.label}.*item ${index + 1}|item ${index + 1}.*${target.label}|not a valid Okta ID`);
			expect({ value, error: hostile.errors[index] }).toEqual({ value, error: expect.stringMatching(named) });
		});
	});
});
