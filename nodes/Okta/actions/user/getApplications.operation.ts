import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyProperty } from '../../descriptions/common';
import { userLocator } from '../../descriptions/locators';
import { oktaApiRequestAllItems, oktaPath } from '../../transport';
import { getLocatorValue } from '../validation';

const properties: INodeProperties[] = [userLocator(), simplifyProperty];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getApplications'] } }, properties);

/** One link per app tile; an app with several links (Google Mail, Calendar) appears once per link. */
function simplifyAppLink(link: IDataObject): IDataObject {
	return {
		appId: link.appInstanceId,
		label: link.label,
		appName: link.appName,
		linkUrl: link.linkUrl,
		hidden: link.hidden,
		appAssignmentId: link.appAssignmentId,
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const userId = getLocatorValue(this, 'userId', itemIndex, 'User');
	// Spec: "Lists all app links for all direct or indirect (through group membership) assigned apps"; not paged.
	const links = await oktaApiRequestAllItems.call(this, oktaPath`/api/v1/users/${userId}/appLinks`, {}, { itemIndex });
	return this.getNodeParameter('simplify', itemIndex, true) ? links.map(simplifyAppLink) : links;
}
