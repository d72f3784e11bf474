import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { oktaApiRequest, oktaApiRequestOutcome, oktaPath } from '../../transport';
import { simplifyUser } from '../simplify';
import { reconcileUserStatus, retryNote } from '../reconcile';
import { getLocatorValue } from '../validation';

/**
 * Shared by every User Lifecycle operation. Okta answers most status changes with an empty body, so the
 * output would otherwise be little more than the ID that went in. Builders of offboarding and helpdesk
 * flows nearly always need the resulting status and the person's login or email next (to branch, log or
 * notify), so by default the user is read back (one GET, which Okta rate-limits far more loosely than
 * writes) and every operation outputs the same shape: the simplified user plus `action` and whatever
 * Okta handed back (activation link, reset link, temporary password).
 */
export const returnUserProperty: INodeProperties = {
	displayName: 'Return User',
	name: 'returnUser',
	type: 'boolean',
	default: true,
	description:
		'Whether to read the user back after the change and output their current status and profile (one extra request per item). When off, the output holds only the user reference, the action and anything Okta returned.',
};

/**
 * Send Email of Activate, Reactivate and Reset Password, which all default to mailing the user. `description`
 * names what Okta mails and what the output holds instead when it does not.
 */
export function sendEmailProperty(description: string): INodeProperties {
	return { displayName: 'Send Email', name: 'sendEmail', type: 'boolean', default: true, description };
}

/** Revoke Sessions of Reset Password and of Expire Password with a temporary password. */
export const revokeSessionsProperty: INodeProperties = {
	displayName: 'Revoke Sessions',
	name: 'revokeSessions',
	type: 'boolean',
	default: false,
	description: 'Whether to sign the user out of all their current Okta sessions as well',
};

/** Fields Okta returns from lifecycle calls that the caller needs: links, tokens and temporary passwords. */
const RETURNED_FIELDS = ['activationUrl', 'activationToken', 'resetPasswordUrl', 'tempPassword'];

function returnedFields(body: IDataObject): IDataObject {
	return Object.fromEntries(RETURNED_FIELDS.filter((key) => body[key] !== undefined).map((key) => [key, body[key]]));
}

/** How the user was named: `{ login }` when picked by login, else `{ id }`, so the output never mislabels one as the other. */
function userReference(ctx: IExecuteFunctions, itemIndex: number, value: string): IDataObject {
	const locator = ctx.getNodeParameter('userId', itemIndex, undefined) as INodeParameterResourceLocator | string | undefined;
	const mode = typeof locator === 'object' && locator !== null ? locator.mode : undefined;
	return mode === 'login' ? { login: value } : { id: value };
}

export interface LifecycleResult {
	/** The ID or login the user was addressed by. */
	userRef: string;
	/** The operation, as named in the node. */
	action: string;
	/** What Okta answered with. */
	body?: IDataObject;
	/** The user as Okta already returned it (expire password answers with the user), saving the read-back. */
	user?: IDataObject;
	/** Whether `userRef` is known to be the ID even though the user was picked by login. */
	resolvedId?: boolean;
}

/** The output of a lifecycle operation: the user (read back unless Return User is off), the action and Okta's links or passwords. */
export async function userLifecycleOutput(ctx: IExecuteFunctions, itemIndex: number, result: LifecycleResult): Promise<IDataObject> {
	const { userRef, action, body = {}, user } = result;
	const returned = returnedFields(body);
	if (!ctx.getNodeParameter('returnUser', itemIndex, true)) {
		const reference = user?.id
			? { id: user.id, status: user.status }
			: result.resolvedId
				? { id: userRef }
				: userReference(ctx, itemIndex, userRef);
		return { ...reference, action, ...returned };
	}
	const current = user ?? (await oktaApiRequest.call(ctx, 'GET', oktaPath`/api/v1/users/${userRef}`, { itemIndex }));
	// Activation and deactivation finish asynchronously; this says where the user is heading meanwhile.
	const transitioning = current.transitioningToStatus ? { transitioningToStatus: current.transitioningToStatus } : {};
	return { ...simplifyUser(current), ...transitioning, action, ...returned };
}

/**
 * The description of one User Lifecycle operation: the user, the operation's notice, Return User, then
 * any options of its own.
 */
export function userLifecycleDescription(operation: string, notice: string, options: INodeProperties[] = []): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['userLifecycle'], operation: [operation] } }, [
		userLocator(),
		{ displayName: notice, name: `${operation}Notice`, type: 'notice', default: '' },
		returnUserProperty,
		...options,
	]);
}

/** The status each status change leads to, which a refused repeat is checked against. */
const TARGET_STATUS = { suspend: 'SUSPENDED', unsuspend: 'ACTIVE', unlock: 'ACTIVE', deactivate: 'DEPROVISIONED' } as const;
export type UserStatusChange = keyof typeof TARGET_STATUS;

/**
 * Runs a user status change. Each is repeated after a network failure or 5xx: it only sets a status, so
 * running it twice ends the same way and mails no user. Should the first attempt have landed, Okta refuses
 * the repeat; the user's status then shows it was done, and the output says so (`resolvedAfterRetry`).
 */
export async function changeUserStatus(
	this: IExecuteFunctions,
	itemIndex: number,
	action: UserStatusChange,
	request: { qs?: IDataObject; headers?: IDataObject } = {},
): Promise<IDataObject> {
	const user = getLocatorValue(this, 'userId', itemIndex, 'User');
	const outcome = await oktaApiRequestOutcome.call(this, 'POST', oktaPath`/api/v1/users/${user}/lifecycle/${action}`, {
		...request,
		itemIndex,
		repeat: reconcileUserStatus(this, itemIndex, user, TARGET_STATUS[action]),
	});
	// A reconciled outcome's body is the user read back, not Okta's answer to the status change.
	const body = outcome.resolvedAfterRetry === undefined ? outcome.body : {};
	return { ...(await userLifecycleOutput(this, itemIndex, { userRef: user, action, body })), ...retryNote(outcome) };
}
