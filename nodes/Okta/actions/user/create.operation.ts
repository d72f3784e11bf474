import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { oktaApiRequest, oktaApiRequestOutcome, oktaPath, type Reconcile } from '../../transport';
import { nonEmpty } from '../query';
import { createdSince, retryNote } from '../reconcile';
import { fieldError } from '../validation';
import { writeSimplifyProperty } from '../../descriptions/common';
import { asSimplifyAsks, simplifyUser } from '../simplify';
import {
	assertUserTypeExists,
	customAttributeProperties,
	customAttributes,
	idList,
	requiredProfile,
	requiredProfileProperties,
	standardProfileOptions,
} from './fields';

/** Create's fields, shared with Create or Update. */
export const createProperties: INodeProperties[] = [
	...requiredProfileProperties,
	{
		displayName: 'Activation',
		name: 'activation',
		type: 'options',
		options: [
			{ name: 'Activate Now', value: 'activate', description: 'The user is ACTIVE (or PROVISIONED without a password) and can sign in' },
			{ name: 'Stage', value: 'stage', description: 'The user is STAGED; activate later with User Lifecycle > Activate' },
		],
		default: 'activate',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...standardProfileOptions,
			{
				displayName: 'Authentication Provider',
				name: 'provider',
				type: 'options',
				options: [
					{
						name: 'Federation',
						value: 'FEDERATION',
						description: 'A SAML or OIDC identity provider signs the user in. No password or recovery question; with Activate Now the user is ACTIVE at once.',
					},
					{ name: 'Okta', value: 'OKTA', description: 'Okta checks the user\'s password' },
					{
						name: 'Social',
						value: 'SOCIAL',
						description: 'A social identity provider signs the user in. No password or recovery question; with Activate Now the user is ACTIVE at once.',
					},
				],
				default: 'OKTA',
				description: 'Who validates the user\'s sign-in (sends provider=true for Federation and Social)',
			},
			{
				displayName: 'Force Password Change at First Sign-In',
				name: 'changePasswordAtNextLogin',
				type: 'boolean',
				default: false,
				description: 'Whether to send nextLogin=changePassword. Needs Activate Now and a password.',
			},
			{
				displayName: 'Group IDs',
				name: 'groupIds',
				type: 'string',
				default: '',
				placeholder: '00g1a2b3c4d5e6f7g8h9, 00g9h8g7f6e5d4c3b2a1',
				description: 'Okta groups to add the user to, separated by commas',
			},
			{
				displayName: 'Password',
				name: 'password',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'Initial password. Leave empty to let the user set one through the activation email.',
			},
			{
				displayName: 'Realm Name or ID',
				name: 'realmId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getRealms' },
				default: '',
				description: 'Realm to create the user in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{ displayName: 'Recovery Answer', name: 'recoveryAnswer', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Recovery Question', name: 'recoveryQuestion', type: 'string', default: '' },
			{
				displayName: 'User Type Name or ID',
				name: 'typeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUserTypes' },
				default: '',
				description: 'Okta user type; the default type when empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	...customAttributeProperties('create'),
	writeSimplifyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, createProperties);

export interface CreateUserRequest {
	login: string;
	profile: IDataObject;
	body: IDataObject;
	qs: IDataObject;
}

/** The validated POST /api/v1/users request for an item's Create fields (also used by Create or Update). */
export async function createUserRequest(this: IExecuteFunctions, itemIndex: number): Promise<CreateUserRequest> {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const { password, recoveryQuestion, recoveryAnswer, groupIds, typeId, realmId, changePasswordAtNextLogin, provider, ...profileFields } = additional;
	const profile = { ...nonEmpty(profileFields), ...customAttributes(this, itemIndex), ...requiredProfile(this, itemIndex) };
	const activate = this.getNodeParameter('activation', itemIndex, 'activate') === 'activate';

	const body: IDataObject = { profile };
	const credentials: IDataObject = {};
	if (password) credentials.password = { value: password };
	if (recoveryQuestion || recoveryAnswer) {
		if (!recoveryQuestion || !recoveryAnswer) throw fieldError(this, itemIndex, 'Recovery Question', 'needs both a question and an answer');
		credentials.recovery_question = { question: recoveryQuestion, answer: recoveryAnswer };
	}
	const externalProvider = provider === 'FEDERATION' || provider === 'SOCIAL' ? provider : undefined;
	if (externalProvider) {
		// Okta refuses password and recovery-question credentials for users an external provider signs in.
		if (Object.keys(credentials).length) {
			throw fieldError(this, itemIndex, 'Authentication Provider', `${externalProvider} users cannot have a Password or Recovery Question`);
		}
		credentials.provider = { type: externalProvider, name: externalProvider };
	}
	if (Object.keys(credentials).length) body.credentials = credentials;
	const groups = idList(groupIds);
	if (groups.length) body.groupIds = groups;
	if (typeId) {
		await assertUserTypeExists(this, itemIndex, String(typeId));
		body.type = { id: String(typeId) };
	}
	if (realmId) body.realmId = String(realmId);

	const qs: IDataObject = { activate };
	if (externalProvider) qs.provider = true;
	if (changePasswordAtNextLogin) {
		if (!activate || !password) {
			throw fieldError(this, itemIndex, 'Force Password Change at First Sign-In', 'needs Activation "Activate Now" and a Password');
		}
		qs.nextLogin = 'changePassword';
	}
	return { login: String(profile.login), profile, body, qs };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { login, body, qs } = await createUserRequest.call(this, itemIndex);
	const subject = `Creating user ${login}`;
	const firstAttempt = Date.now();
	// Repeated after an ambiguous failure (dropped connection, timeout, 5xx, cut-off answer). If the first
	// attempt had created the user, the repeat meets "login already exists": resolved to that user only
	// when it has exactly this login and was created after this item started, never to an older account.
	const reconcile: Reconcile = async (refusal) => {
		if (!refusal.summaries.some((summary) => /^login:.*already exists/i.test(summary))) return undefined;
		// The read carries the subject too: should it fail, the item's error still names the login.
		const existing = await oktaApiRequest.call(this, 'GET', oktaPath`/api/v1/users/${login}`, { itemIndex, subject });
		if ((existing.profile as IDataObject | undefined)?.login !== login || !createdSince(existing.created, firstAttempt)) return undefined;
		return {
			body: existing,
			resolvedAfterRetry: `An earlier attempt was cut off but had created the user: resolved to the existing user ${login}, created ${String(existing.created)}`,
		};
	};
	// The path names no user, so `subject` does: a failed item in a long job says which login it was.
	const outcome = await oktaApiRequestOutcome.call(this, 'POST', '/api/v1/users', {
		qs,
		body,
		itemIndex,
		repeat: { reconcile },
		subject,
	});
	return { ...asSimplifyAsks(this, itemIndex, outcome.body, simplifyUser), ...retryNote(outcome) };
}
