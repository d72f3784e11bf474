import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { oktaApiRequestFull, oktaPath } from '../../transport';
import { assertEmail, assertLogin, fieldError, keyValuePairs, parseJsonObject } from '../validation';

/** Okta's base profile attributes other than login, email and names, as optional fields. */
export const standardProfileOptions: INodeProperties[] = [
	{ displayName: 'City', name: 'city', type: 'string', default: '' },
	{ displayName: 'Cost Center', name: 'costCenter', type: 'string', default: '' },
	{ displayName: 'Country Code', name: 'countryCode', type: 'string', default: '', placeholder: 'US' },
	{ displayName: 'Department', name: 'department', type: 'string', default: '' },
	{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
	{ displayName: 'Division', name: 'division', type: 'string', default: '' },
	{ displayName: 'Employee Number', name: 'employeeNumber', type: 'string', default: '' },
	{ displayName: 'Manager', name: 'manager', type: 'string', default: '' },
	{ displayName: 'Manager ID', name: 'managerId', type: 'string', default: '' },
	{ displayName: 'Middle Name', name: 'middleName', type: 'string', default: '' },
	{ displayName: 'Mobile Phone', name: 'mobilePhone', type: 'string', default: '' },
	{ displayName: 'Nick Name', name: 'nickName', type: 'string', default: '' },
	{ displayName: 'Organization', name: 'organization', type: 'string', default: '' },
	{ displayName: 'Primary Phone', name: 'primaryPhone', type: 'string', default: '' },
	{ displayName: 'Second Email', name: 'secondEmail', type: 'string', default: '' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	{ displayName: 'User Type (Profile Attribute)', name: 'userType', type: 'string', default: '', description: 'The free-text userType profile attribute, e.g. Employee or Contractor (not the Okta user type object)' },
];

/** Custom attributes as key/value pairs and as a JSON object; both may be used, JSON wins on conflicts. */
export const customAttributeProperties = (displayOptionsOperation: string): INodeProperties[] => [
	{
		displayName: 'Custom Attributes',
		name: 'customAttributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		description: 'Attributes added to the user profile schema in Okta (Directory > Profile Editor)',
		displayOptions: { show: { operation: [displayOptionsOperation] } },
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{ displayName: 'Name', name: 'key', type: 'string', default: '', placeholder: 'costCenter' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Custom Attributes (JSON)',
		name: 'customAttributesJson',
		type: 'json',
		default: '{}',
		description: 'Custom profile attributes as a JSON object, for arrays, numbers and booleans, e.g. {"badges": ["a", "b"], "level": 3}',
		displayOptions: { show: { operation: [displayOptionsOperation] } },
	},
];

export function customAttributes(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const pairs = keyValuePairs(ctx.getNodeParameter('customAttributes', itemIndex, {}));
	const json = parseJsonObject(ctx, itemIndex, 'Custom Attributes (JSON)', ctx.getNodeParameter('customAttributesJson', itemIndex, '{}'));
	return { ...pairs, ...json };
}

/** The required part of a profile: login, email, first and last name, validated and named per item. */
export function requiredProfile(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const login = assertLogin(ctx, itemIndex, 'Login', ctx.getNodeParameter('login', itemIndex, ''));
	const email = assertEmail(ctx, itemIndex, 'Email', ctx.getNodeParameter('email', itemIndex, ''));
	const firstName = String(ctx.getNodeParameter('firstName', itemIndex, '') ?? '').trim();
	const lastName = String(ctx.getNodeParameter('lastName', itemIndex, '') ?? '').trim();
	if (!firstName) throw fieldError(ctx, itemIndex, 'First Name', 'is required');
	if (!lastName) throw fieldError(ctx, itemIndex, 'Last Name', 'is required');
	return { login, email, firstName, lastName };
}

export const requiredProfileProperties: INodeProperties[] = [
	{ displayName: 'Login', name: 'login', type: 'string', required: true, default: '', placeholder: 'jane.doe@example.com', description: 'Unique Okta username, usually the email address' },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', required: true, default: '' },
	{ displayName: 'First Name', name: 'firstName', type: 'string', required: true, default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', required: true, default: '' },
];

const knownUserTypes = new WeakMap<object, Map<string, boolean>>();

/**
 * Checks a user type ID before it is sent, so a typo is reported against the field and the item rather
 * than as Okta's generic validation error. Answers are remembered for the node run.
 */
export async function assertUserTypeExists(ctx: IExecuteFunctions, itemIndex: number, typeId: string): Promise<void> {
	let cache = knownUserTypes.get(ctx);
	if (!cache) {
		cache = new Map();
		knownUserTypes.set(ctx, cache);
	}
	if (!cache.has(typeId)) {
		const response = await oktaApiRequestFull.call(ctx, 'GET', oktaPath`/api/v1/meta/types/user/${typeId}`, { itemIndex, acceptStatuses: [404] });
		cache.set(typeId, response.statusCode !== 404);
	}
	if (!cache.get(typeId)) throw fieldError(ctx, itemIndex, 'User Type', `no user type with ID "${typeId}" exists in this Okta org`);
}

/** A list of IDs given as an array, or as text separated by commas, spaces or new lines. */
export function idList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/);
	return entries.map((entry) => String(entry).trim()).filter(Boolean);
}
