import type { IExecuteFunctions } from 'n8n-workflow';

import { oktaApiRequest, oktaPath, type OktaOutcome, type RepeatPolicy } from '../transport';

/** How far Okta's clock may lag ours when telling an object this item created from an older one. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Whether an object Okta dates `created` can be the one this item's earlier attempt made: created after the
 * item's first attempt started (less the clock skew). A reconciled create never claims an older object.
 */
export function createdSince(created: unknown, firstAttempt: number): boolean {
	return Date.parse(String(created)) >= firstAttempt - CLOCK_SKEW_MS;
}

/**
 * The repeat policy of a lifecycle POST that only sets a status: repeat it after an ambiguous failure, and
 * when Okta refuses the repeat (deactivating a DEPROVISIONED user is an error), re-read the user. Already in
 * (or heading to) the target status means the first attempt landed, and the output says so.
 */
export function reconcileUserStatus(ctx: IExecuteFunctions, itemIndex: number, userRef: string, targetStatus: string): RepeatPolicy {
	return {
		reconcile: async () => {
			const user = await oktaApiRequest.call(ctx, 'GET', oktaPath`/api/v1/users/${userRef}`, { itemIndex });
			if (user.status !== targetStatus && user.transitioningToStatus !== targetStatus) return undefined;
			return { body: user, resolvedAfterRetry: `An earlier attempt was cut off but had reached Okta: the user is already ${targetStatus}` };
		},
	};
}

/** The outcome's conclusion as an output field, or nothing when Okta answered the request itself. */
export function retryNote(outcome: OktaOutcome): { resolvedAfterRetry?: string } {
	return outcome.resolvedAfterRetry === undefined ? {} : { resolvedAfterRetry: outcome.resolvedAfterRetry };
}
