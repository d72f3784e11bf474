import type { INodeProperties } from 'n8n-workflow';

/**
 * Resource locators for every Okta object: pick from a server-searched, fully paged list or paste an ID.
 * Users, groups, devices and apps also take the Admin Console URL the ID appears in; users also a login or email.
 */

const OKTA_ID = '[0-9A-Za-z]{6,40}';

interface LocatorOptions {
	name: string;
	displayName: string;
	noun: string;
	searchListMethod: string;
	placeholderId: string;
	/** Admin Console URL path that precedes the ID, e.g. 'admin/group/'. */
	adminUrlPath?: string;
	withLoginMode?: boolean;
	description?: string;
	/** Shown in the URL placeholder in place of `adminUrlPath` when that holds a pattern. */
	adminUrlExample?: string;
}

function oktaLocator(options: LocatorOptions): INodeProperties {
	const urlPattern = options.adminUrlPath
		? `^https:\\/\\/[^/]+\\/${options.adminUrlPath.replace(/\//g, '\\/')}(${OKTA_ID})`
		: undefined;
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${options.noun}...`,
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholderId,
				validation: [
					{ type: 'regex', properties: { regex: `^\\s*${OKTA_ID}\\s*$`, errorMessage: `Not a valid Okta ${options.noun} ID` } },
				],
			},
			...(options.withLoginMode
				? [
						{
							displayName: 'By Login or Email',
							name: 'login',
							type: 'string' as const,
							placeholder: 'jane.doe@example.com',
							hint: 'The Okta login (usually an email address). Okta also accepts an unambiguous login short name.',
						},
					]
				: []),
			...(urlPattern
				? [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: `https://your-org-admin.okta.com/${options.adminUrlExample ?? options.adminUrlPath}${options.placeholderId}`,
							validation: [
								{
									type: 'regex' as const,
									properties: { regex: urlPattern, errorMessage: `Not an Okta Admin Console ${options.noun} URL` },
								},
							],
							extractValue: { type: 'regex' as const, regex: urlPattern },
						},
					]
				: []),
		],
	};
}

export const userLocator = (name = 'userId', displayName = 'User'): INodeProperties =>
	oktaLocator({
		name,
		displayName,
		noun: 'user',
		searchListMethod: 'searchUsers',
		placeholderId: '00u1a2b3c4d5e6f7g8h9',
		adminUrlPath: 'admin/user/profile/view/',
		withLoginMode: true,
	});

export const groupLocator = (name = 'groupId', displayName = 'Group'): INodeProperties =>
	oktaLocator({
		name,
		displayName,
		noun: 'group',
		searchListMethod: 'searchGroups',
		placeholderId: '00g1a2b3c4d5e6f7g8h9',
		adminUrlPath: 'admin/group/',
	});

export const deviceLocator = (name = 'deviceId', displayName = 'Device'): INodeProperties =>
	oktaLocator({
		name,
		displayName,
		noun: 'device',
		searchListMethod: 'searchDevices',
		placeholderId: 'guo1a2b3c4d5e6f7g8h9',
		adminUrlPath: 'admin/devices/',
	});

export const realmLocator = (name = 'realmId', displayName = 'Realm'): INodeProperties =>
	oktaLocator({
		name,
		displayName,
		noun: 'realm',
		searchListMethod: 'searchRealms',
		placeholderId: 'guo1a2b3c4d5e6f7g8h9',
	});

export const userTypeLocator = (name = 'typeId', displayName = 'User Type'): INodeProperties =>
	oktaLocator({
		name,
		displayName,
		noun: 'user type',
		searchListMethod: 'searchUserTypes',
		placeholderId: 'oty1a2b3c4d5e6f7g8h9',
		description: 'The built-in type has the ID "default"',
	});

/** Apps' Admin Console pages are admin/app/<app name>/instance/<app ID>/, so the URL mode matches any app name. */
export const appLocator = (name = 'appId', displayName = 'Application'): INodeProperties =>
	oktaLocator({
		name,
		displayName,
		noun: 'application',
		searchListMethod: 'searchApplications',
		placeholderId: '0oa1a2b3c4d5e6f7g8h9',
		adminUrlPath: 'admin/app/[^/]+/instance/',
		adminUrlExample: 'admin/app/slack/instance/',
	});
