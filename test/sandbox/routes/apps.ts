import type { Request, Response, Router } from 'express';

import {
	newId,
	notFound,
	now,
	paginate,
	sendError,
	validationFailed,
	type Json,
	type SandboxApp,
	type SandboxAppUser,
	type SandboxContext,
	type SandboxUser,
} from '../context';
import { ExpressionError, parseExpression } from '../expression';
import { findUser, userJson } from './users';

/**
 * Applications and their assignments (issue 18), as Okta reports them:
 * - a user is assigned directly (scope USER) or through a group assigned to the app (scope GROUP); the
 *   spec's PUT /apps/{appId}/groups/{groupId} says the resulting app users have scope GROUP. GROUP app users
 *   are derived from group assignments and memberships, so a group membership change shows at once.
 * - assigning a user who has the app through a group makes the assignment direct (scope USER), as Okta's
 *   support answer "How to convert an existing user's app assignment from group-owned to individually-owned"
 *   describes; unassigning a user whom a group still grants the app is refused with 403 E0000046
 *   "Deactivate application for user forbidden." (reported in okta/terraform-provider-okta#120 and
 *   gravitational/teleport#53947 with that body).
 * - assignment changes on an INACTIVE app answer 404 for the app instance (salto-io/salto#5275,
 *   okta/terraform-provider-okta#1502); reads still work.
 * - appLinks list the ACTIVE apps a user has, directly or through groups.
 */

const APP_FILTER_FIELDS = new Set(['id', 'status', 'name']);

interface EffectiveAssignment {
	userId: string;
	direct?: SandboxAppUser;
	/** Groups assigned to the app that the user is a member of. */
	groupIds: string[];
}

export function appJson(ctx: SandboxContext, app: SandboxApp): Json {
	const base = `${ctx.baseUrl()}/api/v1/apps/${app.id}`;
	return {
		id: app.id,
		name: app.name,
		label: app.label,
		status: app.status,
		created: app.created,
		lastUpdated: app.lastUpdated,
		signOnMode: app.signOnMode,
		features: [],
		accessibility: { selfService: false },
		visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [`${app.name}_link`]: true } },
		settings: app.settings,
		...(app.credentials ? { credentials: app.credentials } : {}),
		_links: {
			appLinks: [{ name: `${app.name}_link`, href: `${ctx.baseUrl()}/home/${app.name}/${app.id}/1`, type: 'text/html' }],
			users: { href: `${base}/users` },
			groups: { href: `${base}/groups` },
			self: { href: base },
			...(app.status === 'ACTIVE' ? { deactivate: { href: `${base}/lifecycle/deactivate` } } : { activate: { href: `${base}/lifecycle/activate` } }),
		},
	};
}

/** Every user who has the app, directly first (in assignment order), then through groups (by priority). */
export function effectiveAssignments(ctx: SandboxContext, appId: string): EffectiveAssignment[] {
	const result = new Map<string, EffectiveAssignment>();
	for (const [userId, direct] of ctx.state.appUsers.get(appId) ?? []) {
		if (ctx.state.users.has(userId)) result.set(userId, { userId, direct, groupIds: [] });
	}
	const groups = [...(ctx.state.appGroups.get(appId) ?? [])].filter(([groupId]) => ctx.state.groups.has(groupId)).sort(([, a], [, b]) => a.priority - b.priority);
	for (const [groupId] of groups) {
		for (const userId of ctx.state.memberships.get(groupId) ?? []) {
			if (!ctx.state.users.has(userId)) continue;
			const entry = result.get(userId) ?? { userId, groupIds: [] };
			entry.groupIds.push(groupId);
			result.set(userId, entry);
		}
	}
	return [...result.values()];
}

function effectiveAssignment(ctx: SandboxContext, appId: string, userId: string): EffectiveAssignment | undefined {
	return effectiveAssignments(ctx, appId).find((entry) => entry.userId === userId);
}

function appUserJson(ctx: SandboxContext, app: SandboxApp, entry: EffectiveAssignment, expandUser: boolean): Json {
	const user = ctx.state.users.get(entry.userId)!;
	const groupAssignment = entry.groupIds.length ? ctx.state.appGroups.get(app.id)?.get(entry.groupIds[0]) : undefined;
	const stamp = entry.direct?.lastUpdated ?? groupAssignment?.lastUpdated ?? app.created;
	return {
		id: user.id,
		created: entry.direct?.created ?? stamp,
		lastUpdated: stamp,
		scope: entry.direct ? 'USER' : 'GROUP',
		status: user.status === 'DEPROVISIONED' ? 'INACTIVE' : 'ACTIVE',
		statusChanged: entry.direct?.statusChanged ?? stamp,
		passwordChanged: null,
		syncState: 'DISABLED',
		credentials: { userName: String((entry.direct?.credentials?.userName as string | undefined) ?? user.profile.login) },
		profile: entry.direct?.profile ?? {},
		_links: {
			app: { href: `${ctx.baseUrl()}/api/v1/apps/${app.id}` },
			user: { href: `${ctx.baseUrl()}/api/v1/users/${user.id}` },
			...(!entry.direct && entry.groupIds.length ? { group: { href: `${ctx.baseUrl()}/api/v1/groups/${entry.groupIds[0]}` } } : {}),
		},
		...(expandUser ? { _embedded: { user: userJson(ctx, user) } } : {}),
	};
}

function groupAssignmentJson(ctx: SandboxContext, appId: string, groupId: string, expand: unknown): Json {
	const assignment = ctx.state.appGroups.get(appId)!.get(groupId)!;
	const group = ctx.state.groups.get(groupId);
	return {
		id: groupId,
		lastUpdated: assignment.lastUpdated,
		priority: assignment.priority,
		profile: assignment.profile,
		_links: {
			self: { href: `${ctx.baseUrl()}/api/v1/apps/${appId}/groups/${groupId}` },
			app: { href: `${ctx.baseUrl()}/api/v1/apps/${appId}` },
			group: { href: `${ctx.baseUrl()}/api/v1/groups/${groupId}` },
		},
		...(expand === 'group' && group ? { _embedded: { group: { ...group } } } : {}),
	};
}

function displayName(user: SandboxUser): string {
	return `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim();
}

function emitMembership(ctx: SandboxContext, req: Request, add: boolean, app: SandboxApp, userId: string): void {
	const user = ctx.state.users.get(userId);
	if (!user) return;
	ctx.emit(
		{
			eventType: add ? 'application.user_membership.add' : 'application.user_membership.remove',
			displayMessage: add ? 'Add user to application membership' : "Remove user's application membership",
			target: [
				{ id: user.id, type: 'User', alternateId: String(user.profile.login), displayName: displayName(user) },
				{ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label },
			],
		},
		req,
	);
}

/** The apps a group is assigned to: its members get them. */
export function appsGrantedBy(ctx: SandboxContext, groupId: string): SandboxApp[] {
	return [...ctx.state.appGroups].filter(([, groups]) => groups.has(groupId)).map(([appId]) => ctx.state.apps.get(appId)).filter((app) => app !== undefined);
}

/**
 * Runs a change and emits add/remove events for every user whose access to one of `apps` it changed: an app
 * assignment, or a group membership that grants or takes away an app.
 */
export function trackAppAccess(ctx: SandboxContext, req: Request, apps: SandboxApp[], change: () => void): void {
	const usersOf = (app: SandboxApp) => new Set(effectiveAssignments(ctx, app.id).map((entry) => entry.userId));
	const before = apps.map(usersOf);
	change();
	apps.forEach((app, index) => {
		const after = usersOf(app);
		for (const userId of after) if (!before[index].has(userId)) emitMembership(ctx, req, true, app, userId);
		for (const userId of before[index]) if (!after.has(userId)) emitMembership(ctx, req, false, app, userId);
	});
}

export function register(router: Router, ctx: SandboxContext): void {
	const load = (req: Request, res: Response): SandboxApp | undefined => {
		const app = ctx.state.apps.get(String(req.params.appId));
		if (!app) notFound(res, 'AppInstance', String(req.params.appId));
		return app;
	};
	/** Assignment changes need an ACTIVE app: Okta answers an inactive one as not found. */
	const loadActive = (req: Request, res: Response): SandboxApp | undefined => {
		const app = load(req, res);
		if (app && app.status !== 'ACTIVE') {
			notFound(res, 'AppInstance', app.id);
			return undefined;
		}
		return app;
	};
	router.get('/api/v1/apps', (req, res) => {
		const { q, filter, expand } = req.query as Record<string, string | undefined>;
		let apps = [...ctx.state.apps.values()];
		let userFilter: string | undefined;
		if (filter) {
			// user.id and group.id name an assignment, not an attribute of the app: taken out before parsing the rest.
			const rest = filter.replace(/\b(user|group)\.id\s+eq\s+"([^"]*)"/gi, (_match, kind: string, id: string) => {
				if (kind.toLowerCase() === 'user') {
					userFilter = id;
					apps = apps.filter((app) => effectiveAssignment(ctx, app.id, id));
				} else {
					apps = apps.filter((app) => ctx.state.appGroups.get(app.id)?.has(id));
				}
				return 'id pr';
			});
			try {
				const { predicate, attributes } = parseExpression(rest);
				const unsupported = [...attributes].filter((name) => !APP_FILTER_FIELDS.has(name));
				if (unsupported.length) return sendError(res, 400, 'E0000031', `Invalid search criteria: filter on ${unsupported.join(', ')} is not supported`);
				apps = apps.filter((app) => predicate(app as unknown as Record<string, unknown>));
			} catch (error) {
				if (error instanceof ExpressionError) return sendError(res, 400, 'E0000031', `Invalid search criteria: ${error.message}`);
				throw error;
			}
		}
		if (expand !== undefined) {
			const expandedUser = /^user\/(.+)$/.exec(expand)?.[1];
			if (!expandedUser || expandedUser !== userFilter) {
				return validationFailed(res, 'expand', ['expand: expand=user/{userId} needs the filter user.id eq "{userId}" for the same user']);
			}
		}
		if (q) {
			const prefix = q.toLowerCase();
			apps = apps.filter((app) => app.name.toLowerCase().startsWith(prefix) || app.label.toLowerCase().startsWith(prefix));
		}
		// The spec's default limit is -1 (no limit asked for): served as Okta's largest page, 200.
		if (Number(req.query.limit) < 1) delete (req.query as Record<string, unknown>).limit;
		const page = paginate(req, res, apps, { defaultLimit: 200, maxLimit: 200 });
		res.json(
			page.map((app) => {
				const json = appJson(ctx, app);
				if (userFilter && expand) json._embedded = { user: appUserJson(ctx, app, effectiveAssignment(ctx, app.id, userFilter)!, false) };
				return json;
			}),
		);
	});

	router.get('/api/v1/apps/:appId', (req, res) => {
		const app = load(req, res);
		if (!app) return;
		const json = appJson(ctx, app);
		const expand = req.query.expand as string | undefined;
		if (expand !== undefined) {
			const userId = /^user\/(.+)$/.exec(expand)?.[1];
			if (!userId) return validationFailed(res, 'expand', ['expand: the only valid value is user/{userId}']);
			const entry = effectiveAssignment(ctx, app.id, userId);
			if (entry) json._embedded = { user: appUserJson(ctx, app, entry, false) };
		}
		res.json(json);
	});

	const lifecycle = (status: SandboxApp['status']) => (req: Request, res: Response) => {
		const app = load(req, res);
		if (!app) return;
		// Repeating an activation or deactivation succeeds: Okta's lifecycle calls on apps are idempotent.
		if (app.status !== status) {
			app.status = status;
			app.lastUpdated = now();
			ctx.emit({ eventType: status === 'ACTIVE' ? 'application.lifecycle.activate' : 'application.lifecycle.deactivate', displayMessage: status === 'ACTIVE' ? 'Activate application' : 'Deactivate application', target: [{ id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label }] }, req);
		}
		// The spec's 200 has no content.
		res.status(200).end();
	};
	router.post('/api/v1/apps/:appId/lifecycle/activate', lifecycle('ACTIVE'));
	router.post('/api/v1/apps/:appId/lifecycle/deactivate', lifecycle('INACTIVE'));

	router.get('/api/v1/apps/:appId/users', (req, res) => {
		const app = load(req, res);
		if (!app) return;
		let entries = effectiveAssignments(ctx, app.id);
		const q = (req.query.q as string | undefined)?.toLowerCase();
		if (q) {
			entries = entries.filter((entry) => {
				const user = ctx.state.users.get(entry.userId)!;
				const userName = String((entry.direct?.credentials?.userName as string | undefined) ?? user.profile.login);
				return [userName, user.profile.firstName, user.profile.lastName, user.profile.email].some((value) => String(value ?? '').toLowerCase().startsWith(q));
			});
		}
		const page = paginate(
			req,
			res,
			entries.map((entry) => ({ ...entry, id: entry.userId })),
			{ defaultLimit: 50, maxLimit: 500 },
		);
		res.json(page.map((entry) => appUserJson(ctx, app, entry, req.query.expand === 'user')));
	});

	router.post('/api/v1/apps/:appId/users', (req, res) => {
		const app = loadActive(req, res);
		if (!app) return;
		const body = (req.body ?? {}) as Json;
		const user = ctx.state.users.get(String(body.id));
		if (!user) return notFound(res, 'User', String(body.id));
		const assignments = ctx.state.appUsers.get(app.id) ?? new Map<string, SandboxAppUser>();
		ctx.state.appUsers.set(app.id, assignments);
		const stamp = now();
		const existing = assignments.get(user.id);
		trackAppAccess(ctx, req, [app], () => {
			// Okta updates an existing assignment in place; a group-granted user becomes a direct one.
			assignments.set(user.id, {
				assignmentId: existing?.assignmentId ?? newId('0ua'),
				created: existing?.created ?? stamp,
				lastUpdated: stamp,
				statusChanged: existing?.statusChanged ?? stamp,
				credentials: (body.credentials as Json | undefined) ?? existing?.credentials,
				profile: { ...(existing?.profile ?? {}), ...((body.profile as Json | undefined) ?? {}) },
			});
		});
		res.json(appUserJson(ctx, app, effectiveAssignment(ctx, app.id, user.id)!, false));
	});

	router.get('/api/v1/apps/:appId/users/:userId', (req, res) => {
		const app = load(req, res);
		if (!app) return;
		const entry = effectiveAssignment(ctx, app.id, String(req.params.userId));
		if (!entry) return notFound(res, 'AppUser', String(req.params.userId));
		res.json(appUserJson(ctx, app, entry, req.query.expand === 'user'));
	});

	router.post('/api/v1/apps/:appId/users/:userId', (req, res) => {
		const app = loadActive(req, res);
		if (!app) return;
		const userId = String(req.params.userId);
		const entry = effectiveAssignment(ctx, app.id, userId);
		if (!entry) return notFound(res, 'AppUser', userId);
		const body = (req.body ?? {}) as Json;
		const stamp = now();
		// Changing a group-granted user's app profile makes the assignment direct, as an Admin Console edit does.
		const direct: SandboxAppUser = entry.direct ?? { assignmentId: newId('0ua'), created: stamp, lastUpdated: stamp, statusChanged: stamp, profile: {} };
		if (body.credentials) direct.credentials = { ...(direct.credentials ?? {}), ...(body.credentials as Json) };
		if (body.profile) direct.profile = { ...direct.profile, ...(body.profile as Json) };
		direct.lastUpdated = stamp;
		const assignments = ctx.state.appUsers.get(app.id) ?? new Map<string, SandboxAppUser>();
		ctx.state.appUsers.set(app.id, assignments);
		assignments.set(userId, direct);
		res.json(appUserJson(ctx, app, effectiveAssignment(ctx, app.id, userId)!, false));
	});

	router.delete('/api/v1/apps/:appId/users/:userId', (req, res) => {
		const app = loadActive(req, res);
		if (!app) return;
		const userId = String(req.params.userId);
		const entry = effectiveAssignment(ctx, app.id, userId);
		if (!entry) return notFound(res, 'AppUser', userId);
		if (entry.groupIds.length) {
			return sendError(res, 403, 'E0000046', 'Deactivate application for user forbidden.', ['The application cannot be unassigned from the user while their group memberships grant them access']);
		}
		trackAppAccess(ctx, req, [app], () => ctx.state.appUsers.get(app.id)!.delete(userId));
		res.status(204).end();
	});

	router.get('/api/v1/apps/:appId/groups', (req, res) => {
		const app = load(req, res);
		if (!app) return;
		let groupIds = [...(ctx.state.appGroups.get(app.id) ?? new Map()).keys()].filter((id) => ctx.state.groups.has(id));
		const q = (req.query.q as string | undefined)?.toLowerCase();
		if (q) groupIds = groupIds.filter((id) => String(ctx.state.groups.get(id)!.profile.name).toLowerCase().startsWith(q));
		const page = paginate(req, res, groupIds.map((id) => ({ id })), { defaultLimit: 20, maxLimit: 200 });
		res.json(page.map(({ id }) => groupAssignmentJson(ctx, app.id, id, req.query.expand)));
	});

	router.get('/api/v1/apps/:appId/groups/:groupId', (req, res) => {
		const app = load(req, res);
		if (!app) return;
		const groupId = String(req.params.groupId);
		if (!ctx.state.appGroups.get(app.id)?.has(groupId) || !ctx.state.groups.has(groupId)) return notFound(res, 'ApplicationGroupAssignment', groupId);
		res.json(groupAssignmentJson(ctx, app.id, groupId, req.query.expand));
	});

	router.put('/api/v1/apps/:appId/groups/:groupId', (req, res) => {
		const app = loadActive(req, res);
		if (!app) return;
		const groupId = String(req.params.groupId);
		if (!ctx.state.groups.has(groupId)) return notFound(res, 'UserGroup', groupId);
		const body = (req.body ?? {}) as Json;
		const assignments = ctx.state.appGroups.get(app.id) ?? new Map();
		ctx.state.appGroups.set(app.id, assignments);
		const existing = assignments.get(groupId);
		trackAppAccess(ctx, req, [app], () =>
			assignments.set(groupId, {
				priority: typeof body.priority === 'number' ? body.priority : (existing?.priority ?? assignments.size),
				profile: (body.profile as Json | undefined) ?? existing?.profile ?? {},
				lastUpdated: now(),
			}),
		);
		res.json(groupAssignmentJson(ctx, app.id, groupId, undefined));
	});

	router.delete('/api/v1/apps/:appId/groups/:groupId', (req, res) => {
		const app = loadActive(req, res);
		if (!app) return;
		const groupId = String(req.params.groupId);
		if (!ctx.state.appGroups.get(app.id)?.has(groupId)) return notFound(res, 'ApplicationGroupAssignment', groupId);
		trackAppAccess(ctx, req, [app], () => ctx.state.appGroups.get(app.id)!.delete(groupId));
		res.status(204).end();
	});

	router.get('/api/v1/users/:id/appLinks', (req, res) => {
		const user = findUser(ctx, String(req.params.id));
		if (!user) return notFound(res, 'User', String(req.params.id));
		const links = [...ctx.state.apps.values()]
			.filter((app) => app.status === 'ACTIVE')
			.map((app) => ({ app, entry: effectiveAssignment(ctx, app.id, user.id) }))
			.filter(({ entry }) => entry !== undefined)
			.map(({ app, entry }, index) => ({
				id: user.id,
				label: app.label,
				linkUrl: `${ctx.baseUrl()}/home/${app.name}/${app.id}/1`,
				logoUrl: `${ctx.baseUrl()}/img/logos/default.png`,
				appName: app.name,
				appInstanceId: app.id,
				appAssignmentId: entry!.direct?.assignmentId ?? `0ua${app.id.slice(3, 10)}${user.id.slice(-10)}`,
				credentialsSetup: false,
				hidden: false,
				sortOrder: index,
			}));
		res.json(links);
	});
}

/** Seeds an app; used by the demo seed and tests. */
export function seedApp(ctx: { state: SandboxContext['state'] }, kind: 'bookmark' | 'saml' | 'oidc', label: string, status: SandboxApp['status'] = 'ACTIVE'): SandboxApp {
	const stamp = now();
	const id = newId('0oa');
	const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '');
	const shapes: Record<typeof kind, Pick<SandboxApp, 'name' | 'signOnMode' | 'settings' | 'credentials'>> = {
		bookmark: { name: 'bookmark', signOnMode: 'BOOKMARK', settings: { app: { requestIntegration: false, url: `https://${slug}.example.com/` } } },
		saml: {
			name: `${slug}_saml`,
			signOnMode: 'SAML_2_0',
			settings: { app: {}, signOn: { ssoAcsUrl: `https://${slug}.example.com/sso/saml`, audience: `https://${slug}.example.com`, recipient: `https://${slug}.example.com/sso/saml`, destination: `https://${slug}.example.com/sso/saml`, subjectNameIdTemplate: '${user.userName}', subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', responseSigned: true, assertionSigned: true, signatureAlgorithm: 'RSA_SHA256', digestAlgorithm: 'SHA256', authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' } },
			credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: {} },
		},
		oidc: {
			name: 'oidc_client',
			signOnMode: 'OPENID_CONNECT',
			settings: { app: {}, oauthClient: { application_type: 'web', grant_types: ['authorization_code'], redirect_uris: [`https://${slug}.example.com/callback`], response_types: ['code'] } },
			credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, oauthClient: { autoKeyRotation: true, client_id: id, token_endpoint_auth_method: 'client_secret_basic' } },
		},
	};
	const app: SandboxApp = { id, label, status, created: stamp, lastUpdated: stamp, ...shapes[kind] };
	ctx.state.apps.set(id, app);
	ctx.state.appUsers.set(id, new Map());
	ctx.state.appGroups.set(id, new Map());
	return app;
}

/** Seeds a direct assignment (scope USER). */
export function seedAppUser(state: SandboxContext['state'], appId: string, userId: string, profile: Json = {}): void {
	const stamp = now();
	const user = state.users.get(userId)!;
	state.appUsers.get(appId)!.set(userId, { assignmentId: newId('0ua'), created: stamp, lastUpdated: stamp, statusChanged: stamp, credentials: { userName: String(user.profile.login) }, profile });
}

/** Seeds a group assignment: the group's members get the app with scope GROUP. */
export function seedAppGroup(state: SandboxContext['state'], appId: string, groupId: string, priority = 0): void {
	state.appGroups.get(appId)!.set(groupId, { priority, profile: {}, lastUpdated: now() });
}
