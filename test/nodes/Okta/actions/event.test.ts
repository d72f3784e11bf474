import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { RECHECK_DELAYS_MS, WRITE_ATTEMPTS } from '../../../../nodes/Okta/actions/event/removeRepeats.operation';
import { OktaDirectory } from '../../../../nodes/Okta/OktaDirectory.node';
import { executeNode, processedDataTable, type ProcessedDataTable } from '../../../helpers/n8n';
import { separateCopy } from '../../../helpers/separateCopy';
import { expectEveryOperationRun } from '../run';

expectEveryOperationRun('event');

/**
 * Event › Remove Repeats through n8n-core, with `this.helpers.checkProcessedAndRecord` backed by a table that
 * behaves like n8n's processed_data (harness/processedData.ts): repeats across executions and within one are
 * dropped, a full history forgets its oldest IDs instead of stopping, and deliveries that arrive at once all
 * run once and all end up recorded although n8n neither locks nor merges.
 */

let table: ProcessedDataTable;
beforeAll(async () => {
	table = await processedDataTable();
});
beforeEach(() => table.reset());

const events = (...uuids: string[]): INodeExecutionData[] => uuids.map((uuid) => ({ json: { uuid, eventType: 'user.lifecycle.create' } }));

async function run(items: INodeExecutionData[], parameters: IDataObject = {}, continueOnFail = false, node = new OktaDirectory()) {
	const { output, hints } = await executeNode({
		node,
		parameters: { resource: 'event', operation: 'removeRepeats', ...parameters },
		items,
		continueOnFail,
		credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: 'https://example.okta.com', apiToken: 'unused-token-0000000000000000000000000000' } },
		mode: 'webhook',
	});
	return { items: output[0] ?? [], hints };
}
const uuidsOf = (items: INodeExecutionData[]) => items.map((item) => item.json.uuid);
const recorded = () => [...table.rows.values()].flat().sort();

it('drops events an earlier execution handled, and repeats within one delivery, keeping pairedItem', async () => {
	const first = await run(events('a', 'b', 'a'));
	expect(first.items).toEqual([
		{ json: { uuid: 'a', eventType: 'user.lifecycle.create' }, pairedItem: { item: 0 } },
		{ json: { uuid: 'b', eventType: 'user.lifecycle.create' }, pairedItem: { item: 1 } },
	]);
	const second = await run(events('b', 'c'));
	expect(second.items.map((item) => [item.json.uuid, item.pairedItem])).toEqual([['c', { item: 1 }]]);
	expect(recorded()).toEqual(['a', 'b', 'c']);
});

it('keys on the Event ID expression, and a number works as an ID', async () => {
	const items = [{ json: { id: 7 } }, { json: { id: 7 } }, { json: { id: 8 } }];
	expect((await run(items, { eventId: '={{ $json.id }}' })).items.map((item) => item.json.id)).toEqual([7, 8]);
	expect(recorded()).toEqual(['7', '8']);
});

it('forgets the oldest IDs when the history is full and never stops the workflow', async () => {
	await run(events('1', '2', '3'), { historySize: 3 });
	expect(uuidsOf((await run(events('4'), { historySize: 3 })).items)).toEqual(['4']);
	expect([...table.rows.values()][0]).toEqual(['2', '3', '4']);
	// The forgotten ID counts as new again: the window is what History Size says.
	expect(uuidsOf((await run(events('1', '4'), { historySize: 3 })).items)).toEqual(['1']);
});

const uuids = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'];

it('in one n8n process, queues deliveries that arrive at once: each runs once, all are recorded, no write collides', async () => {
	// n8n takes a few milliseconds between its read and its write; here 20 ms, so every call would overlap.
	table.gapMs = 20;
	const results = await Promise.all(uuids.map(async (uuid) => await run(events(uuid))));
	expect(results.map((result) => uuidsOf(result.items))).toEqual(uuids.map((uuid) => [uuid]));
	expect({ failedInserts: table.failedInserts, recorded: recorded() }).toEqual({ failedInserts: 0, recorded: uuids });
	table.gapMs = 0;
	expect(await Promise.all(uuids.map(async (uuid) => (await run(events(uuid))).items))).toEqual(uuids.map(() => []));
});

it('across two processes (two workers), retries the first writes that collide and writes back what the other overwrote', async () => {
	// A second copy of the node's code, as a second worker process has: its own queue, the same database.
	const OtherWorker = separateCopy<{ OktaDirectory: typeof OktaDirectory }>(join(__dirname, '../../../../nodes/Okta/OktaDirectory.node.ts')).OktaDirectory;
	expect(OtherWorker).not.toBe(OktaDirectory);
	table.gapMs = 5;
	const results = await Promise.all(uuids.map(async (uuid, index) => await run(events(uuid), {}, false, index % 2 === 0 ? new OktaDirectory() : new OtherWorker())));
	expect(results.map((result) => uuidsOf(result.items))).toEqual(uuids.map((uuid) => [uuid]));
	expect(table.failedInserts).toBeGreaterThan(0);
	expect(recorded()).toEqual(uuids);
});

it('names the item whose Event ID is empty; with Continue On Fail only that item becomes an error item', async () => {
	const items = [{ json: { uuid: 'x' } }, { json: {} }, { json: { uuid: 'y' } }];
	await expect(run(items)).rejects.toThrow('Event ID (item 1): is empty');
	expect(recorded()).toEqual([]);
	const { items: output } = await run(items, {}, true);
	expect(output).toEqual([
		{ json: { uuid: 'x' }, pairedItem: { item: 0 } },
		{ json: { error: expect.stringContaining('Event ID (item 1): is empty'), itemIndex: 1 }, pairedItem: { item: 1 } },
		{ json: { uuid: 'y' }, pairedItem: { item: 2 } },
	]);
});

it('fails after its attempts when n8n\'s database cannot be written; with Continue On Fail the events go on, with a hint', async () => {
	const broken = jest.spyOn(table, 'checkProcessedAndRecord').mockRejectedValue(new Error('connection refused'));
	try {
		await expect(run(events('a', 'b'))).rejects.toThrow(`Could not record the event IDs in n8n's database (${WRITE_ATTEMPTS} attempts): connection refused`);
		expect(broken).toHaveBeenCalledTimes(WRITE_ATTEMPTS);
		const { items, hints } = await run(events('a', 'b'), {}, true);
		expect(uuidsOf(items)).toEqual(['a', 'b']);
		expect(hints.map((hint) => hint.message)).toEqual([`Could not record the event IDs in n8n's database (${WRITE_ATTEMPTS} attempts): connection refused. The events went on unchecked and may repeat.`]);
	} finally {
		broken.mockRestore();
	}
});

it('re-checks its new IDs after each pause and writes back the ones an overlapping execution overwrote', async () => {
	const calls: string[][] = [];
	const real = table.checkProcessedAndRecord.bind(table);
	const spy = jest.spyOn(table, 'checkProcessedAndRecord').mockImplementation(async (items, scope, contextData, options) => {
		calls.push(items.map(String));
		const output = await real(items, scope, contextData, options);
		// Another execution that read before this first write now writes back its stale list.
		if (calls.length === 1) table.rows.set([...table.rows.keys()][0], ['other']);
		return output;
	});
	try {
		expect(uuidsOf((await run(events('a', 'b'))).items)).toEqual(['a', 'b']);
		// The write, the first re-check (finds both overwritten, writes them back), the second (finds both).
		expect(RECHECK_DELAYS_MS).toHaveLength(2);
		expect(calls).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
		expect(recorded()).toEqual(['a', 'b', 'other']);
	} finally {
		spy.mockRestore();
	}
});
