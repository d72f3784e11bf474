import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { oktaApiRequestAllItems, oktaApiRequestOutcome, type Reconcile } from '../../transport';
import { searchLiteral } from '../query';
import { createdSince, retryNote } from '../reconcile';
import { parseJsonObject, requiredString } from '../validation';
import { writeSimplifyProperty } from '../../descriptions/common';
import { asSimplifyAsks, simplifyGroup } from '../simplify';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Engineering',
		description: 'Unique group name',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Custom Profile Attributes (JSON)',
				name: 'customAttributes',
				type: 'json',
				default: '{}',
				description: 'Attributes added to the group profile schema in Okta, e.g. {"costCenter": "42"}',
			},
		],
	},
	writeSimplifyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = requiredString(this, itemIndex, 'name', 'Name');
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const custom = parseJsonObject(this, itemIndex, 'Custom Profile Attributes (JSON)', additional.customAttributes);
	const profile: IDataObject = { ...custom, name };
	if (additional.description) profile.description = additional.description;
	const subject = `Creating group ${name}`;
	const firstAttempt = Date.now();
	// Repeated after an ambiguous failure (dropped connection, timeout, 5xx, cut-off answer). Okta keeps the
	// names of the groups it creates unique (the sandbox does too; okta/terraform-provider-okta PR #1794:
	// only imported APP_GROUPs share names), so if the first attempt had created the group, the repeat meets
	// "name: An object with this field already exists". Resolved to that group only when it is an OKTA_GROUP
	// with exactly this name created after this item started, never to an older group.
	const reconcile: Reconcile = async (refusal) => {
		if (!refusal.summaries.some((summary) => /^name:.*already exists/i.test(summary))) return undefined;
		const found = await oktaApiRequestAllItems.call(this, '/api/v1/groups', { search: `profile.name eq ${searchLiteral(name)}` }, { itemIndex, subject });
		const ours = found.filter(
			(group) =>
				group.type === 'OKTA_GROUP' &&
				(group.profile as IDataObject | undefined)?.name === name &&
				createdSince(group.created, firstAttempt),
		);
		if (ours.length !== 1) return undefined;
		return {
			body: ours[0],
			resolvedAfterRetry: `An earlier attempt was cut off but had created the group: resolved to the existing group ${name}, created ${String(ours[0].created)}`,
		};
	};
	const outcome = await oktaApiRequestOutcome.call(this, 'POST', '/api/v1/groups', {
		body: { profile },
		itemIndex,
		repeat: { reconcile },
		subject,
	});
	return { ...asSimplifyAsks(this, itemIndex, outcome.body, simplifyGroup), ...retryNote(outcome) };
}
