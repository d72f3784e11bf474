import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldError } from '../validation';

export const realmTypeProperty: INodeProperties = {
	displayName: 'Realm Type',
	name: 'realmType',
	type: 'options',
	options: [
		{ name: 'Default', value: 'DEFAULT', description: 'An ordinary realm' },
		{ name: 'Partner', value: 'PARTNER', description: 'For users of Okta\'s external partner portal' },
	],
	default: 'DEFAULT',
};

export const domainsProperty: INodeProperties = {
	displayName: 'Domains',
	name: 'domains',
	type: 'string',
	typeOptions: { multipleValues: true },
	default: [],
	placeholder: 'partner.example.com',
	description: 'Only users whose login and email are in one of these domains can be created in or moved to the realm',
};

export const subscriptionNotice: INodeProperties = {
	displayName: 'Realms need Okta Identity Governance, Secure Partner Access or Advanced Directory Management; without one Okta answers 401 or 403',
	name: 'realmNotice',
	type: 'notice',
	default: '',
};

// Characters the spec (RealmProfile.domains) does not allow in a realm domain, plus whitespace.
const FORBIDDEN_IN_DOMAIN = /[!$%^&()=*+,:;<>'[\]|/?\\\s]/;

/** The Domains field as a clean list, refusing a domain Okta would reject so the item and field are named. */
export function readDomains(ctx: IExecuteFunctions, itemIndex: number, value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
	const domains = list.map((domain) => String(domain ?? '').trim()).filter(Boolean);
	const bad = domains.find((domain) => FORBIDDEN_IN_DOMAIN.test(domain));
	if (bad !== undefined) {
		throw fieldError(ctx, itemIndex, 'Domains', `"${bad}" is not a domain name. Enter bare domains such as partner.example.com, one per value.`);
	}
	return domains;
}

/** Realm Type as Okta spells it; an expression may hand over anything. */
export function readRealmType(ctx: IExecuteFunctions, itemIndex: number, value: unknown): string {
	const realmType = String(value ?? '').trim().toUpperCase();
	if (realmType !== 'DEFAULT' && realmType !== 'PARTNER') {
		throw fieldError(ctx, itemIndex, 'Realm Type', `"${String(value ?? '')}" is not a realm type. Use DEFAULT or PARTNER.`);
	}
	return realmType;
}
