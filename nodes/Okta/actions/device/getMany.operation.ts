import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { changedSinceOption, listProperties, searchExpressionOption } from '../../descriptions/common';
import { simplifyDevice } from '../simplify';
import { listItems } from '../lookup';
import { nonEmpty, withChangedSince } from '../query';

const properties: INodeProperties[] = listProperties([
			changedSinceOption,
			{
				displayName: 'Include Users',
				name: 'expand',
				type: 'options',
				options: [
					{ name: 'Full User Details', value: 'user', description: 'Each user linked to the device, in full' },
					{ name: 'None', value: '', description: 'Only the devices' },
					{ name: 'User Summaries', value: 'userSummary', description: 'ID, login and name of each user linked to the device' },
				],
				default: '',
				description: 'Whether to include the users linked to each device (expand)',
			},
			{
				...searchExpressionOption,
				placeholder: 'status eq "ACTIVE" and profile.platform eq "MACOS"',
				description:
					'Okta search expression on status, ID, lastUpdated and any profile attribute (eq, sw, gt, lt, pr, and, or; co on displayName, serialNumber, imei, meid, udid and sid). Results are eventually consistent.',
			},
]);

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listItems(
		this,
		itemIndex,
		'/api/v1/devices',
		(filters) => {
			// The device listing has no `filter` parameter: a Changed Since clause always goes into `search`.
			const query = withChangedSince(this, itemIndex, nonEmpty({ search: filters.search }), filters.changedSince);
			return nonEmpty({ search: query.search ?? query.filter, expand: filters.expand });
		},
		simplifyDevice,
	);
}
