import type { INodeProperties } from 'n8n-workflow';

import * as activate from './activate.operation';
import * as clearSessions from './clearSessions.operation';
import * as deactivate from './deactivate.operation';
import * as expirePassword from './expirePassword.operation';
import * as reactivate from './reactivate.operation';
import * as resetFactors from './resetFactors.operation';
import * as resetPassword from './resetPassword.operation';
import * as suspend from './suspend.operation';
import * as unlock from './unlock.operation';
import * as unsuspend from './unsuspend.operation';

export const operations = {
	activate,
	clearSessions,
	deactivate,
	expirePassword,
	reactivate,
	resetFactors,
	resetPassword,
	suspend,
	unlock,
	unsuspend,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['userLifecycle'] } },
		options: [
			{
				name: 'Activate',
				value: 'activate',
				description: 'Activate a STAGED or DEPROVISIONED user, emailing them an activation link or returning it',
				action: 'Activate a user',
			},
			{
				name: 'Clear Sessions',
				value: 'clearSessions',
				description: 'Sign a user out of all Okta sessions, optionally revoking their OAuth tokens and remembered devices',
				action: 'Clear the sessions of a user',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				description: 'Deactivate (deprovision) a user: they can no longer sign in and lose their app assignments',
				action: 'Deactivate a user',
			},
			{
				name: 'Expire Password',
				value: 'expirePassword',
				description: 'Make a user choose a new password at next sign-in, optionally setting a temporary password',
				action: 'Expire the password of a user',
			},
			{
				name: 'Reactivate',
				value: 'reactivate',
				description: 'Restart the activation of a user whose activation is pending, with a new activation link',
				action: 'Reactivate a user',
			},
			{
				name: 'Reset Factors',
				value: 'resetFactors',
				description: 'Unenroll all MFA factors of a user so they enroll again',
				action: 'Reset the factors of a user',
			},
			{
				name: 'Reset Password',
				value: 'resetPassword',
				description: 'Start a password reset for a user, emailing them a reset link or returning it',
				action: 'Reset the password of a user',
			},
			{
				name: 'Suspend',
				value: 'suspend',
				description: 'Suspend an ACTIVE user so they cannot sign in, keeping their assignments',
				action: 'Suspend a user',
			},
			{
				name: 'Unlock',
				value: 'unlock',
				description: 'Unlock a user locked out after too many failed sign-ins',
				action: 'Unlock a user',
			},
			{
				name: 'Unsuspend',
				value: 'unsuspend',
				description: 'Return a SUSPENDED user to ACTIVE',
				action: 'Unsuspend a user',
			},
		],
		default: 'activate',
	},
	...activate.description,
	...clearSessions.description,
	...deactivate.description,
	...expirePassword.description,
	...reactivate.description,
	...resetFactors.description,
	...resetPassword.description,
	...suspend.description,
	...unlock.description,
	...unsuspend.description,
];
