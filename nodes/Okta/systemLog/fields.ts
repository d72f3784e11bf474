import type { INodeProperties } from 'n8n-workflow';

import { LOG_EVENT_TYPE_OPTIONS } from '../trigger/eventTypes';
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS } from './query';

/** The System Log query fields the trigger and the System Log resource share. */

export const logEventTypesProperty: INodeProperties = {
	displayName: 'Event Types',
	name: 'eventTypes',
	type: 'multiOptions',
	options: LOG_EVENT_TYPE_OPTIONS,
	default: [],
	description:
		'Okta event types to include, from Okta\'s full catalog (every type the System Log records, not only hook-eligible ones). Search by what happened (User Signed In, User Added to Group) or by type. None: every event.',
};

export const customEventTypesProperty: INodeProperties = {
	displayName: 'Custom Event Types',
	name: 'customEventTypes',
	type: 'string',
	default: '',
	placeholder: 'user.session.start, policy.evaluate_sign_on',
	description: 'More event types by name, separated by commas, for example ones newer than the list above',
};

export const logFilterOption: INodeProperties = {
	displayName: 'Filter',
	name: 'filter',
	type: 'string',
	default: '',
	placeholder: 'outcome.result eq "FAILURE" and actor.alternateId eq "jane@example.com"',
	description:
		'Okta System Log filter (SCIM: eq, ne, sw, co, ew, gt, ge, lt, le, pr with and, or, not and parentheses) on fields such as actor.ID, target.ID, outcome.result, severity, client.ipAddress. Combined with the event types by "and".',
};

export const logKeywordsOption: INodeProperties = {
	displayName: 'Keywords (Q)',
	name: 'q',
	type: 'string',
	default: '',
	placeholder: 'jane@example.com',
	description: `Case-insensitive keywords that must all appear in the event, separated by spaces (at most ${MAX_KEYWORDS}, each up to ${MAX_KEYWORD_LENGTH} characters)`,
};

export const logSimplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to return a compact item per event (uuid, time, type, message, actor, the main target and the outcome) instead of the full LogEvent',
};
