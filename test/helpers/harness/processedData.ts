import { DataDeduplicationService } from 'n8n-core';
import type { DeduplicationItemTypes, DeduplicationScope, ICheckProcessedContextData, ICheckProcessedOptions, IDataDeduplicator, IDeduplicationOutput } from 'n8n-workflow';

/**
 * n8n's database de-duplication ("entries" mode) as n8n 2.41's DeduplicationHelper does it
 * (packages/cli/src/deduplication/deduplication-helper.ts): read the row of (workflowId, context), then
 * insert it when there was none (a unique key, so a second insert fails) or write back the whole list,
 * trimmed to maxEntries from the front. Nothing locks between the read and the write, so overlapping
 * calls can fail on the insert or overwrite each other's entries; `gapMs` widens that window for tests.
 */
export class ProcessedDataTable implements IDataDeduplicator {
	readonly rows = new Map<string, string[]>();
	gapMs = 0;
	writes = 0;
	failedInserts = 0;

	private key(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		const context = scope === 'node' ? `n:${contextData.node!.id}` : '';
		return `${contextData.workflow.id}|${context}`;
	}

	private async gap(): Promise<void> {
		await new Promise((resolve) => (this.gapMs > 0 ? setTimeout(resolve, this.gapMs) : setImmediate(resolve)));
	}

	async checkProcessedAndRecord(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions): Promise<IDeduplicationOutput> {
		const key = this.key(scope, contextData);
		const values = items.map(String);
		const read = this.rows.has(key) ? [...this.rows.get(key)!] : undefined;
		await this.gap();
		if (read === undefined) {
			if (this.rows.has(key)) {
				this.failedInserts++;
				throw new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context');
			}
			this.writes++;
			this.rows.set(key, options.maxEntries ? values.slice(-options.maxEntries) : values);
			return { new: items, processed: [] };
		}
		const seen = new Set(read);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		items.forEach((item, index) => {
			if (seen.has(values[index])) output.processed.push(item);
			else {
				output.new.push(item);
				read.push(values[index]);
			}
		});
		if (options.maxEntries) read.splice(0, read.length - options.maxEntries);
		this.writes++;
		this.rows.set(key, read);
		return output;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		const key = this.key(scope, contextData);
		const remove = new Set(items.map(String));
		this.rows.set(key, (this.rows.get(key) ?? []).filter((value) => !remove.has(value)));
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.rows.delete(this.key(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<number> {
		return this.rows.get(this.key(scope, contextData))?.length ?? 0;
	}

	reset(): void {
		this.rows.clear();
		this.gapMs = 0;
		this.writes = 0;
		this.failedInserts = 0;
	}
}

let table: ProcessedDataTable | undefined;

/** The table behind `this.helpers.checkProcessedAndRecord` in this test file (n8n-core allows one per process). */
export async function processedDataTable(): Promise<ProcessedDataTable> {
	if (!table) {
		table = new ProcessedDataTable();
		await DataDeduplicationService.init(table);
	}
	return table;
}
