import type { INodeProperties } from 'n8n-workflow';

import * as activate from './activate.operation';
import * as deactivate from './deactivate.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as suspend from './suspend.operation';
import * as unsuspend from './unsuspend.operation';

export const operations = { activate, deactivate, delete: del, get, getMany, suspend, unsuspend };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{ name: 'Activate', value: 'activate', description: 'Set a device to ACTIVE', action: 'Activate a device' },
			{
				name: 'Deactivate',
				value: 'deactivate',
				description: 'Deactivate a device, removing its user links and device factors',
				action: 'Deactivate a device',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Permanently delete a device, deactivating it first if needed',
				action: 'Delete a device',
			},
			{ name: 'Get', value: 'get', description: 'Get a device', action: 'Get a device' },
			{ name: 'Get Many', value: 'getMany', description: 'List or search devices', action: 'Get many devices' },
			{ name: 'Suspend', value: 'suspend', description: 'Temporarily suspend an ACTIVE device', action: 'Suspend a device' },
			{ name: 'Unsuspend', value: 'unsuspend', description: 'Return a SUSPENDED device to ACTIVE', action: 'Unsuspend a device' },
		],
		default: 'get',
	},
	{
		displayName:
			'Devices need an Okta Identity Engine org (the Devices API is not available in Classic Engine) and the okta.devices.read or okta.devices.manage scope',
		name: 'deviceEngineNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['device'] } },
	},
	...activate.description,
	...deactivate.description,
	...del.description,
	...get.description,
	...getMany.description,
	...suspend.description,
	...unsuspend.description,
];
