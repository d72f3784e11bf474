import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitProperty, returnAllProperty } from '../../descriptions/common';
import { customEventTypesProperty, logEventTypesProperty, logFilterOption, logKeywordsOption, logSimplifyProperty } from '../../systemLog/fields';
import { buildLogQuery, logQueryParameters } from '../../systemLog/query';
import { simplifyLogEvent } from '../../systemLog/simplify';
import { oktaApiRequestAllItems } from '../../transport';
import { fieldError } from '../validation';

const properties: INodeProperties[] = [
	{
		displayName: 'Since',
		name: 'since',
		type: 'dateTime',
		default: '',
		description: 'Events published at or after this time. Empty: 7 days before Until (Okta\'s default). Okta keeps 90 days.',
	},
	{
		displayName: 'Until',
		name: 'until',
		type: 'dateTime',
		default: '',
		description: 'Events published before this time. Empty: now.',
	},
	logEventTypesProperty,
	customEventTypesProperty,
	returnAllProperty,
	{ ...limitProperty, typeOptions: { minValue: 1 } },
	logSimplifyProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			logFilterOption,
			logKeywordsOption,
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Oldest First', value: 'ASCENDING' },
					{ name: 'Newest First', value: 'DESCENDING' },
				],
				default: 'ASCENDING',
				description: 'Order by the time each event was published',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['systemLog'], operation: ['getMany'] } }, properties);

function dateParameter(ctx: IExecuteFunctions, itemIndex: number, name: string, field: string): Date | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	const date = new Date(String(raw));
	if (Number.isNaN(date.getTime())) throw fieldError(ctx, itemIndex, field, `"${String(raw)}" is not a date`);
	return date;
}

/**
 * A bounded System Log query: `until` is always sent (now when empty), because a query without it is Okta's
 * polling query, whose `next` link never ends; Return All must end.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const built = buildLogQuery({
		eventTypes: this.getNodeParameter('eventTypes', itemIndex, []),
		customEventTypes: this.getNodeParameter('customEventTypes', itemIndex, ''),
		filter: options.filter,
		q: options.q,
	});
	if (!('query' in built)) throw fieldError(this, itemIndex, built.field, built.problem);
	const { query } = built;
	const since = dateParameter(this, itemIndex, 'since', 'Since');
	const until = dateParameter(this, itemIndex, 'until', 'Until') ?? new Date();
	if (since && since.getTime() >= until.getTime()) throw fieldError(this, itemIndex, 'Since', `${since.toISOString()} is not before Until (${until.toISOString()})`);
	const qs: IDataObject = {
		...logQueryParameters(query),
		...(since ? { since: since.toISOString() } : {}),
		until: until.toISOString(),
		sortOrder: options.sortOrder === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING',
	};
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	const events = await oktaApiRequestAllItems.call(this, '/api/v1/logs', qs, { returnAll, limit, itemIndex });
	return this.getNodeParameter('simplify', itemIndex, false) ? events.map(simplifyLogEvent) : events;
}
