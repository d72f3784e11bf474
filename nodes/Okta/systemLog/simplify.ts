import type { IDataObject } from 'n8n-workflow';

/**
 * The target an event is mainly about, by the event type's first segment: a user event's User, a group event's
 * UserGroup, and so on. Group membership events name the user and the group: the user is the subject, and the
 * group comes out under `group`.
 */
const MAIN_TARGET_TYPE: Record<string, string> = {
	user: 'User',
	group: 'UserGroup',
	device: 'Device',
	application: 'AppInstance',
	app: 'AppInstance',
	policy: 'Policy',
};

const pick = (entry: IDataObject | undefined, keys: string[]): IDataObject | null =>
	entry ? Object.fromEntries(keys.filter((key) => entry[key] !== undefined).map((key) => [key, entry[key]])) : null;

const PARTY = ['id', 'type', 'alternateId', 'displayName'];

export function simplifyLogEvent(event: IDataObject): IDataObject {
	const targets = Array.isArray(event.target) ? (event.target as IDataObject[]) : [];
	const eventType = String(event.eventType ?? '');
	const wanted = MAIN_TARGET_TYPE[eventType.split('.')[0]];
	const main = (wanted && eventType.startsWith('group.user_membership') ? targets.find((target) => target.type === 'User') : undefined) ?? targets.find((target) => target.type === wanted) ?? targets[0];
	const outcome = (event.outcome ?? {}) as IDataObject;
	const group = targets.find((target) => target.type === 'UserGroup' && target !== main);
	return {
		uuid: event.uuid,
		published: event.published,
		eventType,
		displayMessage: event.displayMessage ?? null,
		severity: event.severity ?? null,
		actor: pick(event.actor as IDataObject | undefined, PARTY),
		target: pick(main, PARTY),
		...(group ? { group: pick(group, PARTY) } : {}),
		outcome: outcome.result ?? null,
		outcomeReason: outcome.reason ?? null,
		ipAddress: ((event.client ?? {}) as IDataObject).ipAddress ?? null,
	};
}
