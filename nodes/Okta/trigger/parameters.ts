import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Reading and checking the trigger's parameters. */

const EVENT_TYPE_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/i;
const MAX_HOOK_NAME_LENGTH = 255;

export type OutputMode = 'event' | 'delivery';

export interface TriggerOptions {
	deduplicate: boolean;
	outputMode: OutputMode;
	hookName?: string;
	filters: Array<{ eventType: string; expression: string }>;
}

export function readOptions(ctx: IHookFunctions | IWebhookFunctions): TriggerOptions {
	const raw = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const filterEntries = ((raw.eventFilters as IDataObject | undefined)?.filter as IDataObject[] | undefined) ?? [];
	return {
		deduplicate: raw.deduplicate !== false,
		outputMode: raw.outputMode === 'delivery' ? 'delivery' : 'event',
		hookName: typeof raw.hookName === 'string' && raw.hookName.trim() ? raw.hookName.trim() : undefined,
		filters: (Array.isArray(filterEntries) ? filterEntries : [])
			.map((entry) => ({ eventType: String(entry?.eventType ?? '').trim(), expression: String(entry?.expression ?? '').trim() }))
			.filter((entry) => entry.eventType !== '' || entry.expression !== ''),
	};
}

/** The chosen event types plus the custom ones, de-duplicated, in a stable order. */
export function subscribedEventTypes(ctx: IHookFunctions): string[] {
	const chosen = (ctx.getNodeParameter('events', []) ?? []) as string[];
	const custom = String(ctx.getNodeParameter('customEvents', '') ?? '')
		.split(/[\s,;]+/)
		.map((type) => type.trim())
		.filter(Boolean);
	const all = [...new Set([...(Array.isArray(chosen) ? chosen : []), ...custom].map(String))];
	if (all.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event type', {
			description: 'Pick event types under Events, or type them by name under Custom Event Types',
		});
	}
	const malformed = all.find((type) => !EVENT_TYPE_PATTERN.test(type));
	if (malformed !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `Custom Event Types: "${malformed}" is not an Okta event type`, {
			description: 'Event types look like user.lifecycle.create or group.user_membership.add; separate several with commas',
		});
	}
	return all;
}

/** Okta's `events.filter`, or undefined when no filter is set. Filters are an Early Access feature in Okta. */
export function eventFilter(ctx: IHookFunctions, types: string[]): IDataObject | undefined {
	const { filters } = readOptions(ctx);
	if (filters.length === 0) return undefined;
	const seen = new Set<string>();
	const eventFilterMap = filters.map(({ eventType, expression }) => {
		if (!eventType || !expression) {
			throw new NodeOperationError(ctx.getNode(), 'Event Filters: each filter needs an event type and an expression');
		}
		if (!types.includes(eventType)) {
			throw new NodeOperationError(ctx.getNode(), `Event Filters: "${eventType}" is not one of the event types this trigger subscribes to`);
		}
		if (seen.has(eventType)) {
			throw new NodeOperationError(ctx.getNode(), `Event Filters: "${eventType}" has more than one filter; combine them with && or ||`);
		}
		seen.add(eventType);
		return { event: eventType, condition: { expression } };
	});
	// `type` (EXPRESSION_LANGUAGE) is read-only in Okta's spec: Okta sets it.
	return { eventFilterMap };
}

/** The hook's name in Okta: the option, or one that identifies the workflow. Test hooks say so. */
export function hookName(ctx: IHookFunctions, test: boolean): string {
	const suffix = test ? ' [test]' : '';
	const custom = readOptions(ctx).hookName;
	const workflow = ctx.getWorkflow();
	const base = custom ?? `n8n: ${workflow.name ?? 'workflow'} (${workflow.id ?? 'unsaved'})`;
	return `${base.slice(0, MAX_HOOK_NAME_LENGTH - suffix.length)}${suffix}`;
}
