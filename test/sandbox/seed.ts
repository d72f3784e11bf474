import { newId, now, type SandboxState, type SandboxUser, type UserStatus } from './context';
import { seedApp, seedAppGroup, seedAppUser } from './routes/apps';
import { defaultUserType } from './routes/userTypes';

export type Seed = 'empty' | 'demo' | { users?: number; groups?: number; devices?: number };

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Radia', 'Tim', 'Frances', 'Donald', 'Hedy', 'John', 'Katherine', 'Guido'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Perlman', 'Lee', 'Allen', 'Knuth', 'Lamarr', 'McCarthy', 'Johnson', 'Rossum'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'IT', 'Support'];

function addGroup(state: SandboxState, name: string, type: 'OKTA_GROUP' | 'BUILT_IN', description = ''): string {
	const stamp = new Date().toISOString();
	const id = newId('00g');
	state.groups.set(id, { id, created: stamp, lastUpdated: stamp, lastMembershipUpdated: stamp, objectClass: ['okta:user_group'], type, profile: { name, description } });
	state.memberships.set(id, new Set());
	return id;
}

function makeUser(index: number, status: UserStatus, typeId: string, stamp: string): SandboxUser {
	const first = FIRST[index % FIRST.length];
	const last = `${LAST[Math.floor(index / FIRST.length) % LAST.length]}${index >= FIRST.length * LAST.length ? index : ''}`;
	const login = `${first}.${last}`.toLowerCase() + `${index}@example.com`;
	return {
		id: newId('00u'),
		status,
		created: stamp,
		activated: status === 'STAGED' ? null : stamp,
		statusChanged: stamp,
		lastLogin: null,
		lastUpdated: stamp,
		passwordChanged: status === 'ACTIVE' ? stamp : null,
		type: { id: typeId },
		profile: { login, email: login, firstName: first, lastName: last, department: DEPARTMENTS[index % DEPARTMENTS.length], title: 'Engineer' },
		password: status === 'ACTIVE' ? 'Passw0rd!' : undefined,
		sessions: 0,
		blocks: [],
	};
}

/** Fills the state. Every org has the Everyone group and the default user type. Fast: 10,000 users in well under 2 s. */
export function seedState(state: SandboxState, seed: Seed): void {
	const type = defaultUserType();
	state.userTypes.set(type.id, type);
	const everyone = addGroup(state, 'Everyone', 'BUILT_IN', 'All users in your organization');
	const stamp = new Date().toISOString();
	const addUsers = (count: number, statusOf: (index: number) => UserStatus = () => 'ACTIVE', typeOf: (index: number) => string = () => type.id) => {
		const members = state.memberships.get(everyone)!;
		const ids: string[] = [];
		for (let index = 0; index < count; index++) {
			const user = makeUser(state.users.size, statusOf(index), typeOf(index), stamp);
			state.users.set(user.id, user);
			members.add(user.id);
			ids.push(user.id);
		}
		return ids;
	};
	if (seed === 'empty') return;
	if (seed === 'demo') {
		const contractorType = { ...defaultUserType(), id: newId('oty'), name: 'contractor', displayName: 'Contractor', description: 'External contractors', default: false };
		state.userTypes.set(contractorType.id, contractorType);
		const statuses: UserStatus[] = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'STAGED', 'PROVISIONED', 'SUSPENDED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'DEPROVISIONED'];
		const users = addUsers(30, (index) => statuses[index % statuses.length], (index) => (index % 6 === 5 ? contractorType.id : type.id));
		// An ACTIVE user blocked from unknown devices (what GET /users/{id}/blocks reports and unlock clears).
		state.users.get(users[2])!.blocks = [{ type: 'DEVICE_BASED', appliesTo: 'UNKNOWN_DEVICES' }];
		for (const [name, description] of [['Engineering', 'Engineers'], ['Sales', 'Sales team'], ['IT Admins', 'IT administrators'], ['Contractors', 'External contractors']]) {
			const group = addGroup(state, name, 'OKTA_GROUP', description);
			const members = state.memberships.get(group)!;
			users.forEach((id, index) => {
				if (name === 'Contractors' ? index % 6 === 5 : DEPARTMENTS[index % DEPARTMENTS.length].startsWith(name.slice(0, 2))) members.add(id);
			});
		}
		seedExampleData(state, users, type.id, stamp);
		for (let index = 0; index < 5; index++) {
			const device = seedDevice(state, 'ACTIVE');
			state.devices.get(device)!.userIds = [users[index]];
		}
		const realm = newId('guo');
		state.realms.set(realm, { id: realm, created: stamp, lastUpdated: stamp, isDefault: false, profile: { name: 'Partners', realmType: 'PARTNER', domains: ['partner.example.com'] } });
		const defaultRealm = newId('guo');
		state.realms.set(defaultRealm, { id: defaultRealm, created: stamp, lastUpdated: stamp, isDefault: true, profile: { name: 'Default Realm', realmType: 'DEFAULT' } });
		seedDemoApps(state, users);
		return;
	}
	const userIds = addUsers(seed.users ?? 0);
	const groupIds: string[] = [];
	for (let index = 0; index < (seed.groups ?? 0); index++) groupIds.push(addGroup(state, `Group ${String(index).padStart(5, '0')}`, 'OKTA_GROUP'));
	// Each user joins one group, round robin, so member lists have something to page through.
	if (groupIds.length) userIds.forEach((id, index) => state.memberships.get(groupIds[index % groupIds.length])!.add(id));
	for (let index = 0; index < (seed.devices ?? 0); index++) seedDevice(state, 'ACTIVE');
}

/**
 * The leaver of examples/offboarding.json. Not jane.doe@example.com: the user tests create that login on the
 * demo seed.
 */
export const DEMO_LEAVER_LOGIN = 'pat.leaver@example.com';

/**
 * What the workflows in examples/ use, so each runs with one click on a fresh demo org: the "All Staff" group
 * that onboarding adds the joiner to (every ACTIVE user is in it), and offboarding's leaver, Pat Leaver: ACTIVE,
 * in Engineering and All Staff, with open sessions (seedDemoApps gives Pat apps). Onboarding's joiner is
 * someone else, so both run in any order.
 */

function seedExampleData(state: SandboxState, users: string[], typeId: string, stamp: string): void {
	const allStaff = addGroup(state, 'All Staff', 'OKTA_GROUP', 'Every employee');
	const staff = state.memberships.get(allStaff)!;
	for (const id of users) if (state.users.get(id)!.status === 'ACTIVE') staff.add(id);
	const leaver = makeUser(state.users.size, 'ACTIVE', typeId, stamp);
	Object.assign(leaver.profile, { login: DEMO_LEAVER_LOGIN, email: DEMO_LEAVER_LOGIN, firstName: 'Pat', lastName: 'Leaver', department: 'Engineering' });
	leaver.sessions = 2;
	state.users.set(leaver.id, leaver);
	const engineering = [...state.groups.values()].find((group) => group.profile.name === 'Engineering')!;
	for (const group of ['Everyone', 'All Staff']) state.memberships.get([...state.groups.values()].find((candidate) => candidate.profile.name === group)!.id)!.add(leaver.id);
	state.memberships.get(engineering.id)!.add(leaver.id);
}

export function seedDevice(state: SandboxState, status: 'ACTIVE' | 'SUSPENDED' | 'DEACTIVATED' = 'ACTIVE'): string {
	const id = newId('guo');
	const stamp = now();
	state.devices.set(id, {
		id,
		status,
		created: stamp,
		lastUpdated: stamp,
		profile: { displayName: `Laptop ${id.slice(-4)}`, platform: 'MACOS', registered: true, serialNumber: `SN${id.slice(-6)}` },
		resourceId: id,
		resourceDisplayName: { value: `Laptop ${id.slice(-4)}`, sensitive: false },
		resourceType: 'UDDevice',
		resourceAlternateId: '',
		userIds: [],
	});
	return id;
}

/**
 * Applications (issue 18): SAML, OIDC and bookmark apps, one of them INACTIVE, with direct and group
 * assignments. The leaver has Slack and the VPN directly and Jira through Engineering, and the Team Wiki
 * through Everyone, so an offboarding run has direct assignments to remove and group-granted ones to report.
 */
export function seedDemoApps(state: SandboxState, users: string[]): void {
	const groupNamed = (name: string) => [...state.groups.values()].find((group) => group.profile.name === name)!.id;
	const engineering = groupNamed('Engineering');
	const everyone = groupNamed('Everyone');
	// The leaver comes from seedExampleData when the demo seed runs it; added here otherwise.
	let leaver = [...state.users.values()].find((user) => String(user.profile.login).toLowerCase() === DEMO_LEAVER_LOGIN);
	if (!leaver) {
		leaver = { ...makeUser(0, 'ACTIVE', [...state.userTypes.values()].find((type) => type.default)!.id, now()), id: newId('00u') };
		leaver.profile = { ...leaver.profile, login: DEMO_LEAVER_LOGIN, email: DEMO_LEAVER_LOGIN, firstName: 'Pat', lastName: 'Leaver', department: 'Engineering' };
		state.users.set(leaver.id, leaver);
		state.memberships.get(everyone)!.add(leaver.id);
	}
	state.memberships.get(engineering)!.add(leaver.id);
	const slack = seedApp({ state }, 'saml', 'Slack');
	const jira = seedApp({ state }, 'saml', 'Jira');
	const vpn = seedApp({ state }, 'oidc', 'Corporate VPN');
	const wiki = seedApp({ state }, 'bookmark', 'Team Wiki');
	seedApp({ state }, 'bookmark', 'Legacy Expenses', 'INACTIVE');
	seedAppGroup(state, jira.id, engineering);
	seedAppGroup(state, wiki.id, everyone);
	seedAppUser(state, slack.id, leaver.id, { role: 'member' });
	seedAppUser(state, vpn.id, leaver.id);
	for (const id of users.filter((candidate) => state.users.get(candidate)!.status === 'ACTIVE').slice(0, 5)) seedAppUser(state, slack.id, id);
}
