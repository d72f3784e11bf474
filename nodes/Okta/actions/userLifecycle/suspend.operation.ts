import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { changeUserStatus, userLifecycleDescription } from './lifecycle';

export const description = userLifecycleDescription(
	'suspend',
	'Okta can only suspend ACTIVE users. Suspended users cannot sign in but keep their group and app assignments.',
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await changeUserStatus.call(this, itemIndex, 'suspend');
}
