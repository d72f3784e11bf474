import type { IDataObject } from 'n8n-workflow';

import { simplifyLogEvent } from '../../../../nodes/Okta/systemLog/simplify';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { call } from '../../../sandbox/testClient';
import { expectEveryOperationRun, requestsMade, runOperation } from '../run';

expectEveryOperationRun('systemLog');

/**
 * System Log › Get Many against the sandbox's /api/v1/logs: a bounded query (until always sent), event types and
 * filter as one expression, q, sort order, Return All in pages of 1000 or a Limit, Simplify, and field errors.
 */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'empty' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset('empty'));

const run = async (parameters: IDataObject, continueOnFail = false) =>
	(await runOperation(sandbox, 'systemLog', 'getMany', parameters, { continueOnFail })).map((item) => item.json);

function record(count: number, eventType = 'user.session.start', result: 'SUCCESS' | 'FAILURE' = 'SUCCESS'): string[] {
	const before = sandbox.state.logEvents.size;
	for (let index = 0; index < count; index++) {
		sandbox.systemLog.emit({ eventType, displayMessage: `Event ${index}`, target: [{ id: `00u${String(index).padStart(17, '0')}`, type: 'User' }], outcome: { result } });
	}
	return [...sandbox.state.logEvents.values()].slice(before).map((stored) => String(stored.event.uuid));
}
const logRequests = () => sandbox.requestLog.filter((entry) => entry.path === '/api/v1/logs');

it('returns all events of a time range in pages of 1000, always bounded by until', async () => {
	const events = record(2300);
	const since = new Date(Date.now() - 3600_000).toISOString();
	const output = await run({ since, returnAll: true });
	expect(output.map((event) => event.uuid)).toEqual(events);
	expect(requestsMade(sandbox)).toEqual(['GET /api/v1/logs', 'GET /api/v1/logs', 'GET /api/v1/logs']);
	const [first, ...rest] = logRequests();
	expect(first.query).toMatchObject({ since, limit: '1000', sortOrder: 'ASCENDING' });
	expect(Date.parse(String(first.query.until))).toBeLessThanOrEqual(Date.now());
	expect(rest.every((entry) => entry.query.until === first.query.until && typeof entry.query.after === 'string')).toBe(true);
});

it('asks for only Limit events, newest first when sorted so, and simplifies', async () => {
	const events = record(8);
	const output = await run({ returnAll: false, limit: 3, simplify: true, options: { sortOrder: 'DESCENDING' } });
	const served = (await call(sandbox, 'GET', '/api/v1/logs?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&sortOrder=DESCENDING&limit=3')).body as IDataObject[];
	expect(output.map((event) => event.uuid)).toEqual(events.slice(-3).reverse());
	expect(output).toEqual(served.map(simplifyLogEvent));
	expect(logRequests()[0].query).toMatchObject({ limit: '3', sortOrder: 'DESCENDING' });
});

it('combines event types, custom types and the filter into one filter, with q', async () => {
	record(2, 'user.session.start');
	const failures = record(2, 'user.session.start', 'FAILURE');
	const created = record(1, 'user.lifecycle.create', 'FAILURE');
	record(1, 'group.user_membership.add');
	const output = await run({
		returnAll: true,
		eventTypes: ['user.session.start'],
		customEventTypes: 'user.lifecycle.create',
		options: { filter: 'outcome.result eq "FAILURE"', q: 'Event' },
	});
	expect(output.map((event) => event.uuid)).toEqual([...failures, ...created]);
	expect(logRequests()[0].query).toMatchObject({
		filter: '(eventType eq "user.session.start" or eventType eq "user.lifecycle.create") and (outcome.result eq "FAILURE")',
		q: 'Event',
	});
});

it('refuses bad input naming the field and the item, before calling Okta', async () => {
	const cases: Array<[IDataObject, RegExp]> = [
		[{ options: { filter: 'eventType = "x"' } }, /^Filter \(item 0\): expected an operator/],
		[{ options: { q: 'x'.repeat(41) } }, /^Keywords \(Q\) \(item 0\): .* longer than Okta's 40 characters/],
		[{ customEventTypes: 'not-a-type' }, /^Custom Event Types \(item 0\): "not-a-type" is not an Okta event type/],
		[{ since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }, /^Since \(item 0\): .* is not before Until/],
		[{ since: 'yesterday-ish' }, /^Since \(item 0\): "yesterday-ish" is not a date/],
	];
	for (const [parameters, message] of cases) {
		const [item] = await run({ returnAll: true, ...parameters }, true);
		expect(String(item.error)).toMatch(message);
	}
	expect(logRequests()).toHaveLength(0);
});
