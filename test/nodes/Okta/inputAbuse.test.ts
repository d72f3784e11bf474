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

/** Runs the operation and returns its requests, with any path segment that decodes to `value` shown as {id}. */
async function requestsWith(target: IdField, value: string): Promise<{ requests: string[]; error?: string }> {
	sandbox.requestLog.length = 0;
	const [item] = await runOperation(sandbox, target.resource, target.operation, parametersFor(target, value), { continueOnFail: true });
	const requests = sandbox.requestLog.map((entry) => {
		const segments = entry.path.split('/').map((segment) => {
			let decoded: string;
			try {
				decoded = decodeURIComponent(segment);
			} catch {
				return segment;
			}
			return decoded === value ? '{id}' : segment;
		});
		const query = Object.keys(entry.query).length ? `?${Object.keys(entry.query).sort().join('&')}` : '';
		return `${entry.method} ${segments.join('/')}${query}`;
	});
	return { requests, error: item?.json.error as string | undefined };
}

it('finds the ID fields to attack in the node description', () => {
	const operations = new Set(ID_FIELDS.map((entry) => `${entry.resource}.${entry.operation}`));
	expect(operations.size).toBeGreaterThanOrEqual(35);
	expect(new Set(ID_FIELDS.map((entry) => entry.field))).toEqual(new Set(['userId', 'groupId', 'deviceId', 'realmId', 'typeId', 'appId']));
});

describe.each(ID_FIELDS.map((entry) => [`${entry.resource} → ${entry.operation}: ${entry.field} (${entry.mode})`, entry] as const))('%s', (_name, target) => {
	it('sends a hostile ID only as one path segment of the same endpoint, or refuses it naming field and item', async () => {
		const harmless = await requestsWith(target, HARMLESS);
		expect({ requests: harmless.requests.length > 0, error: harmless.error }).toEqual({ requests: true, error: harmless.error });
		for (const value of HOSTILE) {
			const hostile = await requestsWith(target, value);
			if (hostile.requests.length === 0) {
				// Refused before sending: the error says which field of which item.
				expect({ value, error: hostile.error }).toEqual({ value, error: expect.stringMatching(new RegExp(`${target.label}.*item 0|item 0.*${target.label}|not a valid Okta ID`)) });
				continue;
			}
			// Every request went where the harmless ID's requests went; none went elsewhere.
			for (const request of hostile.requests) expect({ value, request, allowed: harmless.requests.includes(request) }).toEqual({ value, request, allowed: true });
		}
	});
});
