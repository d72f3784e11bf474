import type { INodeProperties } from 'n8n-workflow';

export const realmTypeProperty: INodeProperties = {
	displayName: 'Realm Type',
	name: 'realmType',
	type: 'options',
	options: [
		{ name: 'Default', value: 'DEFAULT' },
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
