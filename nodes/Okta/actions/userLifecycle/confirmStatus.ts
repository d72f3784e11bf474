import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { oktaApiRequest, oktaPath, type OktaRefusal } from '../../transport';

/**
 * For a lifecycle POST repeated after an ambiguous failure: Okta refuses the repeat when the first attempt
 * already moved the user (deactivating a DEPROVISIONED user is an error). Re-reading the user tells the two
 * apart: already in (or heading to) the target status means the first attempt landed, and the output says so.
 */
export function confirmUserStatus(
	ctx: IExecuteFunctions,
	itemIndex: number,
	userRef: string,
	targetStatus: string,
): (refusal: OktaRefusal) => Promise<IDataObject | undefined> {
	return async () => {
		const user = await oktaApiRequest.call(ctx, 'GET', oktaPath`/api/v1/users/${userRef}`, { itemIndex });
		if (user.status !== targetStatus && user.transitioningToStatus !== targetStatus) return undefined;
		return { resolvedAfterRetry: `An earlier attempt was cut off but had reached Okta: the user is already ${targetStatus}` };
	};
}

/** The note `confirmUserStatus` left in a response, for the item's output. */
export function retryNote(body: IDataObject): IDataObject {
	return body.resolvedAfterRetry === undefined ? {} : { resolvedAfterRetry: body.resolvedAfterRetry };
}
