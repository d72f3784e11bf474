import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { changeUserStatus, userLifecycleDescription } from './lifecycle';

export const description = userLifecycleDescription(
	'deactivate',
	'Deactivation deprovisions the user from every assigned app, which can destroy app data such as mailboxes or files. It cannot be undone.',
	[
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Run in Background',
					name: 'async',
					type: 'boolean',
					default: false,
					description:
						'Whether Okta finishes the deactivation asynchronously (Prefer: respond-async). Use it for users with many app assignments whose deactivation would otherwise time out; the user shows transitioningToStatus DEPROVISIONED until done.',
				},
				{
					displayName: 'Send Email to Admin',
					name: 'sendEmail',
					type: 'boolean',
					default: false,
					description: 'Whether Okta emails the admins about the deactivation',
				},
			],
		},
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await changeUserStatus.call(this, itemIndex, 'deactivate', {
		qs: { sendEmail: options.sendEmail === true },
		headers: options.async === true ? { Prefer: 'respond-async' } : undefined,
	});
}
