import type { IDataObject, IDeduplicationOutput, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { fieldError } from '../validation';

export const DEFAULT_HISTORY_SIZE = 10_000;
/** How often one write of the history is tried: two first writes at once collide on n8n's unique key. */
export const WRITE_ATTEMPTS = 4;
/**
 * Pauses before each re-check of this execution's new IDs. n8n reads the whole history, then writes it
 * back, with no lock, so an execution that read before our write can overwrite it a moment later.
 */
export const RECHECK_DELAYS_MS = [50, 250];

const properties: INodeProperties[] = [
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		default: '={{ $json.uuid }}',
		required: true,
		description: 'What identifies an event. Okta gives every event a uuid, the same in a hook delivery, a redelivery and the System Log.',
	},
	{
		displayName: 'History Size',
		name: 'historySize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_HISTORY_SIZE,
		description:
			'How many event IDs to remember, in n8n\'s database. When full, the oldest are forgotten: the workflow never stops for it. Each execution reads and writes the whole list (about 27 bytes per ID).',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['event'], operation: ['removeRepeats'] } }, properties);

/**
 * The tail of each history's queue in this process. n8n runs the executions of one main process or one worker
 * in the same Node.js process, so queueing here keeps them from overwriting each other's writes; only
 * executions on other workers can still overlap (the re-checks cover those).
 */
const historyQueues = new Map<string, Promise<void>>();

async function queued<T>(key: string, task: () => Promise<T>): Promise<T> {
	const run = (historyQueues.get(key) ?? Promise.resolve()).then(task);
	const tail = run.then(
		() => undefined,
		() => undefined,
	);
	historyQueues.set(key, tail);
	try {
		return await run;
	} finally {
		if (historyQueues.get(key) === tail) historyQueues.delete(key);
	}
}

/** Reads the history, reports which IDs are new, and writes them: n8n's own helper, tried again when the write collides. */
async function checkAndRecord(ctx: IExecuteFunctions, ids: string[], maxEntries: number): Promise<IDeduplicationOutput | NodeOperationError> {
	const history = `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}`;
	for (let attempt = 1; ; attempt++) {
		try {
			return await queued(history, async () => await ctx.helpers.checkProcessedAndRecord(ids, 'node', { mode: 'entries', maxEntries }));
		} catch (error) {
			if (attempt >= WRITE_ATTEMPTS) {
				return new NodeOperationError(ctx.getNode(), `Could not record the event IDs in n8n's database (${attempt} attempts): ${(error as Error).message}`);
			}
			await sleep(20 * attempt + Math.random() * 30);
		}
	}
}

function eventIdOf(ctx: IExecuteFunctions, itemIndex: number): string | NodeOperationError {
	const raw = ctx.getNodeParameter('eventId', itemIndex, '') as unknown;
	const id = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	return id || fieldError(ctx, itemIndex, 'Event ID', 'is empty. Map the event\'s uuid, e.g. {{ $json.uuid }}.');
}

/**
 * Keeps the items whose event ID no earlier execution (and no earlier item of this one) has seen. Whole
 * input at once: one read and write of the history per execution, not one per item. With Continue On Fail
 * an item without an ID becomes an error item, and when n8n's database cannot be written the events go on
 * (possibly repeated) rather than being lost.
 */
export async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const historySize = Math.floor(Number(this.getNodeParameter('historySize', 0, DEFAULT_HISTORY_SIZE)));
	if (!(historySize >= 1)) throw fieldError(this, 0, 'History Size', 'must be a whole number of 1 or more');
	const firstItemOf = new Map<string, number>();
	const ids = items.map((_, itemIndex) => {
		const id = eventIdOf(this, itemIndex);
		if (typeof id !== 'string') {
			if (!continueOnFail) throw id;
		} else if (!firstItemOf.has(id)) firstItemOf.set(id, itemIndex);
		return id;
	});
	let kept = await recordNew(this, [...firstItemOf.keys()], historySize);
	if (kept instanceof NodeOperationError) {
		if (!continueOnFail) throw kept;
		this.addExecutionHints({ message: `${kept.message}. The events went on unchecked and may repeat.`, location: 'outputPane' });
		kept = new Set(firstItemOf.keys());
	}
	const output: INodeExecutionData[] = [];
	ids.forEach((id, itemIndex) => {
		if (typeof id !== 'string') output.push({ json: { error: id.message, itemIndex }, pairedItem: { item: itemIndex } });
		else if (firstItemOf.get(id) === itemIndex && kept.has(id)) output.push({ json: items[itemIndex].json as IDataObject, pairedItem: { item: itemIndex } });
	});
	return [output];
}

/**
 * Records `ids` and returns the new ones, then re-checks them and writes back any an overlapping execution
 * overwrote. A history that cannot be written comes back as the error, for the caller to throw or pass on.
 */
async function recordNew(ctx: IExecuteFunctions, ids: string[], historySize: number): Promise<Set<string> | NodeOperationError> {
	if (ids.length === 0) return new Set();
	const first = await checkAndRecord(ctx, ids, historySize);
	if (first instanceof NodeOperationError) return first;
	const fresh = first.new.map(String);
	let unconfirmed = fresh;
	for (const delay of RECHECK_DELAYS_MS) {
		if (unconfirmed.length === 0) break;
		await sleep(delay);
		const check = await checkAndRecord(ctx, unconfirmed, historySize);
		if (check instanceof NodeOperationError) return check;
		unconfirmed = check.new.map(String);
	}
	return new Set(fresh);
}
