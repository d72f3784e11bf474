import type { Request, Response, Router } from 'express';

import { newId, notFound, now, paginate, sendError, validationFailed, type Json, type SandboxContext, type SandboxGroup } from '../context';
import { ExpressionError, parseExpression } from '../expression';
import { appsGrantedBy, trackAppAccess } from './apps';
import { findUser, userJson } from './users';

export function groupJson(ctx: SandboxContext, group: SandboxGroup, expand?: unknown): Json {
	const json: Json = { ...group, _links: { self: { href: `${ctx.baseUrl()}/api/v1/groups/${group.id}` } } };
	if (expand === 'stats') {
		json._embedded = { stats: { usersCount: ctx.state.memberships.get(group.id)?.size ?? 0, appsCount: 0, groupPushMappingsCount: 0, hasAdminPrivilege: false } };
	}
	return json;
}

export function register(router: Router, ctx: SandboxContext): void {
	const load = (req: Request, res: Response): SandboxGroup | undefined => {
		const group = ctx.state.groups.get(String(req.params.groupId));
		if (!group) notFound(res, 'UserGroup', String(req.params.groupId));
		return group;
	};
	const onlyOktaGroups = (res: Response, group: SandboxGroup): boolean => {
		if (group.type === 'OKTA_GROUP') return true;
		sendError(res, 403, 'E0000006', 'You do not have permission to perform the requested action', [`Groups of type ${group.type} cannot be changed through the API`]);
		return false;
	};
	const emit = (req: Request, eventType: string, group: SandboxGroup, message: string, userId?: string) => {
		const user = userId ? ctx.state.users.get(userId) : undefined;
		ctx.emit({
			eventType,
			displayMessage: message,
			target: [
				...(user ? [{ id: user.id, type: 'User', alternateId: String(user.profile.login), displayName: `${String(user.profile.firstName)} ${String(user.profile.lastName)}` }] : []),
				{ id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: String(group.profile.name) },
			],
		}, req);
	};

	router.get('/api/v1/groups', (req, res) => {
		let groups = [...ctx.state.groups.values()];
		const { search, filter, q } = req.query as Record<string, string | undefined>;
		try {
			for (const expression of [search, filter]) {
				if (!expression) continue;
				const { predicate } = parseExpression(expression);
				groups = groups.filter((group) => predicate(group as unknown as Record<string, unknown>));
			}
		} catch (error) {
			if (error instanceof ExpressionError) return sendError(res, 400, 'E0000031', `Invalid search criteria: ${error.message}`);
			throw error;
		}
		if (q) groups = groups.filter((group) => String(group.profile.name).toLowerCase().startsWith(q.toLowerCase()));
		const page = paginate(req, res, groups, { defaultLimit: 10000, maxLimit: 10000, pageable: !q });
		res.json(page.map((group) => groupJson(ctx, group, req.query.expand)));
	});

	router.post('/api/v1/groups', (req, res) => {
		const profile = ((req.body ?? {}) as Json).profile as Json | undefined;
		if (!profile || typeof profile.name !== 'string' || !profile.name.trim()) return validationFailed(res, 'name', ['name: The field cannot be left blank']);
		if ([...ctx.state.groups.values()].some((group) => group.profile.name === profile.name)) {
			return validationFailed(res, 'name', ['name: An object with this field already exists in the current organization']);
		}
		const stamp = now();
		const group: SandboxGroup = { id: newId('00g'), created: stamp, lastUpdated: stamp, lastMembershipUpdated: stamp, objectClass: ['okta:user_group'], type: 'OKTA_GROUP', profile };
		ctx.state.groups.set(group.id, group);
		ctx.state.memberships.set(group.id, new Set());
		emit(req, 'group.lifecycle.create', group, 'Create Okta group');
		res.json(groupJson(ctx, group));
	});

	router.get('/api/v1/groups/:groupId', (req, res) => {
		const group = load(req, res);
		if (group) res.json(groupJson(ctx, group, req.query.expand));
	});

	router.put('/api/v1/groups/:groupId', (req, res) => {
		const group = load(req, res);
		if (!group || !onlyOktaGroups(res, group)) return;
		const profile = ((req.body ?? {}) as Json).profile as Json | undefined;
		if (!profile || typeof profile.name !== 'string' || !profile.name.trim()) return validationFailed(res, 'name', ['name: The field cannot be left blank']);
		group.profile = profile;
		group.lastUpdated = now();
		emit(req, 'group.profile.update', group, 'Update group profile');
		res.json(groupJson(ctx, group));
	});

	router.delete('/api/v1/groups/:groupId', (req, res) => {
		const group = load(req, res);
		if (!group || !onlyOktaGroups(res, group)) return;
		ctx.state.groups.delete(group.id);
		ctx.state.memberships.delete(group.id);
		emit(req, 'group.lifecycle.delete', group, 'Delete Okta group');
		res.status(204).end();
	});

	router.get('/api/v1/groups/:groupId/users', (req, res) => {
		const group = load(req, res);
		if (!group) return;
		const members = [...(ctx.state.memberships.get(group.id) ?? [])].map((id) => ctx.state.users.get(id)).filter((user) => user !== undefined);
		res.json(paginate(req, res, members, { defaultLimit: 1000, maxLimit: 10000 }).map((user) => userJson(ctx, user)));
	});

	const membership = (add: boolean) => (req: Request, res: Response) => {
		const group = load(req, res);
		if (!group || !onlyOktaGroups(res, group)) return;
		const user = findUser(ctx, String(req.params.userId));
		if (!user || user.id !== req.params.userId) return notFound(res, 'User', String(req.params.userId));
		const members = ctx.state.memberships.get(group.id) ?? new Set<string>();
		ctx.state.memberships.set(group.id, members);
		const changed = add ? !members.has(user.id) : members.has(user.id);
		// Okta logs application.user_membership.* too when the group grants or takes away an app.
		trackAppAccess(ctx, req, appsGrantedBy(ctx, group.id), () => (add ? members.add(user.id) : members.delete(user.id)));
		if (changed) {
			group.lastMembershipUpdated = now();
			emit(req, add ? 'group.user_membership.add' : 'group.user_membership.remove', group, add ? 'Add user to group membership' : 'Remove user from group membership', user.id);
		}
		res.status(204).end();
	};
	router.put('/api/v1/groups/:groupId/users/:userId', membership(true));
	router.delete('/api/v1/groups/:groupId/users/:userId', membership(false));
}
