import { randomBytes } from 'node:crypto';
import type { Request, Response, Router } from 'express';

import {
	newId,
	notAllowed,
	notFound,
	now,
	paginate,
	queryFlag,
	sendError,
	validationFailed,
	type Json,
	type SandboxContext,
	type SandboxUser,
	type UserStatus,
} from '../context';
import { ExpressionError, attribute, parseExpression } from '../expression';

const FILTERABLE = new Set(['status', 'lastUpdated', 'id', 'type.id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName', 'created', 'activated', 'statusChanged']);

export function userJson(ctx: SandboxContext, user: SandboxUser): Json {
	const credentials: Json = { provider: (user.credentials?.provider as Json | undefined) ?? { type: 'OKTA', name: 'OKTA' } };
	if (user.password) credentials.password = {};
	const question = (user.credentials?.recovery_question as Json | undefined)?.question;
	if (question) credentials.recovery_question = { question };
	return {
		id: user.id,
		status: user.status,
		created: user.created,
		activated: user.activated,
		statusChanged: user.statusChanged,
		lastLogin: user.lastLogin,
		lastUpdated: user.lastUpdated,
		passwordChanged: user.passwordChanged,
		type: user.type,
		profile: user.profile,
		credentials,
		...(user.realmId ? { realmId: user.realmId } : {}),
		_links: { self: { href: `${ctx.baseUrl()}/api/v1/users/${user.id}` } },
	};
}

/** A user by id or login (Okta accepts both in the path). */
export function findUser(ctx: SandboxContext, idOrLogin: string): SandboxUser | undefined {
	const byId = ctx.state.users.get(idOrLogin);
	if (byId) return byId;
	const login = idOrLogin.toLowerCase();
	for (const user of ctx.state.users.values()) {
		if (String(user.profile.login).toLowerCase() === login) return user;
	}
	const short = [...ctx.state.users.values()].filter((user) => String(user.profile.login).toLowerCase().split('@')[0] === login);
	return short.length === 1 ? short[0] : undefined;
}

function loginTaken(ctx: SandboxContext, login: string, except?: string): boolean {
	const wanted = login.toLowerCase();
	for (const user of ctx.state.users.values()) if (user.id !== except && String(user.profile.login).toLowerCase() === wanted) return true;
	return false;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Okta's base-schema checks on a full profile: login (unique, email-like), email, first and last name. */
function profileProblems(ctx: SandboxContext, profile: Json, exceptId?: string): string[] {
	const causes: string[] = [];
	if (typeof profile.login !== 'string' || !profile.login) causes.push('login: The field cannot be left blank');
	else if (!EMAIL.test(profile.login) && !/^[^\s@]+$/.test(profile.login)) causes.push('login: Username must be in the form of an email address');
	else if (loginTaken(ctx, profile.login, exceptId)) causes.push('login: An object with this field already exists in the current organization');
	if (typeof profile.email !== 'string' || !profile.email) causes.push('email: The field cannot be left blank');
	else if (!EMAIL.test(profile.email)) causes.push('email: Does not match required pattern');
	if (typeof profile.firstName !== 'string' || !profile.firstName) causes.push('firstName: The field cannot be left blank');
	if (typeof profile.lastName !== 'string' || !profile.lastName) causes.push('lastName: The field cannot be left blank');
	return causes;
}

function setStatus(user: SandboxUser, status: UserStatus): void {
	const stamp = now();
	user.status = status;
	user.statusChanged = stamp;
	user.lastUpdated = stamp;
	if (status === 'ACTIVE' && !user.activated) user.activated = stamp;
}

const activationToken = () => randomBytes(15).toString('base64url');

/**
 * Okta documents no number, only that "an overly complex or long search query can result in an error"
 * (spec, listUsers `search`). The sandbox models a limit a client must stay under: at most 100 terms and
 * 4,000 characters (decoded). The package's batches stop at 50 terms and 4,000 URL-encoded characters.
 */
export const SEARCH_LIMITS = { maxTerms: 100, maxLength: 4000 };

function searchTooLong(search: string): string | undefined {
	const terms = search.split(/\s+or\s+|\s+and\s+/i).length;
	if (search.length > SEARCH_LIMITS.maxLength) return `search: the expression is ${search.length} characters long; at most ${SEARCH_LIMITS.maxLength} are accepted`;
	if (terms > SEARCH_LIMITS.maxTerms) return `search: the expression has ${terms} terms; at most ${SEARCH_LIMITS.maxTerms} are accepted`;
	return undefined;
}

export function register(router: Router, ctx: SandboxContext): void {
	const target = (user: SandboxUser) => [{ id: user.id, type: 'User', alternateId: String(user.profile.login), displayName: `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim() }];
	const emit = (req: Request, eventType: string, user: SandboxUser, displayMessage: string) => ctx.emit({ eventType, displayMessage, target: target(user) }, req);
	const load = (req: Request, res: Response): SandboxUser | undefined => {
		const key = String(req.params.id ?? req.params.userId);
		// `me` is the user the token acts for: the signed-in user of an authorization-code token; an API token
		// acts for the org's first ACTIVE user (the sandbox's stand-in admin). Service-app tokens have no user.
		if (key === 'me') {
			const sub = (req as Request & { grant?: { sub?: string } }).grant;
			const me = sub ? (sub.sub ? ctx.state.users.get(sub.sub) : undefined) : [...ctx.state.users.values()].find((user) => user.status === 'ACTIVE');
			if (!me) notFound(res, 'User', 'me');
			return me;
		}
		const user = findUser(ctx, key);
		if (!user) notFound(res, 'User', String(req.params.id ?? req.params.userId));
		return user;
	};

	router.get('/api/v1/users', (req, res) => {
		let users = [...ctx.state.users.values()];
		const { search, filter, q } = req.query as Record<string, string | undefined>;
		try {
			if (search) {
				const tooLong = searchTooLong(search);
				if (tooLong) return sendError(res, 400, 'E0000031', 'Invalid search criteria.', [tooLong]);
				const { predicate } = parseExpression(search);
				// The search index is lagMs behind: new users are not in it yet, deleted ones still are.
				const indexedBefore = Date.now() - (ctx.search?.lagMs ?? 0);
				const stillIndexed = (ctx.search?.deleted ?? []).filter((entry) => entry.deletedAt > indexedBefore).map((entry) => entry.user);
				users = [...users, ...stillIndexed].filter((user) => Date.parse(user.created) <= indexedBefore && predicate(user as unknown as Record<string, unknown>));
				if (typeof req.query.sortBy === 'string') {
					const key = req.query.sortBy;
					const direction = req.query.sortOrder === 'desc' ? -1 : 1;
					users = [...users].sort((a, b) => String(attribute(a as never, key) ?? '').localeCompare(String(attribute(b as never, key) ?? '')) * direction);
				}
			}
			if (filter) {
				const { predicate, attributes } = parseExpression(filter);
				const unsupported = attributes.find((name) => !FILTERABLE.has(name));
				if (unsupported) return validationFailed(res, 'filter', [`filter: The attribute '${unsupported}' cannot be used in a filter; use search instead`]);
				users = users.filter((user) => predicate(user as unknown as Record<string, unknown>));
			}
		} catch (error) {
			if (error instanceof ExpressionError) return sendError(res, 400, 'E0000031', `Invalid search criteria: ${error.message}`);
			throw error;
		}
		// Spec, listUsers: DEPROVISIONED users are omitted unless a filter or search is given.
		if (!search && !filter) users = users.filter((user) => user.status !== 'DEPROVISIONED');
		if (q) {
			const needle = q.toLowerCase();
			users = users.filter((user) => ['firstName', 'lastName', 'email', 'login'].some((key) => String(user.profile[key] ?? '').toLowerCase().startsWith(needle)));
		}
		const page = paginate(req, res, users, { defaultLimit: 200, maxLimit: 200, pageable: !q });
		res.json(page.map((user) => userJson(ctx, user)));
	});

	router.post('/api/v1/users', (req, res) => {
		const body = (req.body ?? {}) as Json;
		const profile = (body.profile ?? {}) as Json;
		const causes = profileProblems(ctx, profile);
		const typeId = (body.type as Json | undefined)?.id as string | undefined;
		if (typeId && !ctx.state.userTypes.has(typeId)) causes.push(`type: No user type with id ${typeId}`);
		const realmId = body.realmId as string | undefined;
		if (realmId && !ctx.state.realms.has(realmId)) causes.push(`realmId: No realm with id ${realmId}`);
		const groupIds = (body.groupIds as string[] | undefined) ?? [];
		for (const groupId of groupIds) if (!ctx.state.groups.has(groupId)) causes.push(`groupIds: No group with id ${groupId}`);
		if (causes.length) return validationFailed(res, causes.map((cause) => cause.split(':')[0]).join(', '), causes);
		const credentials = (body.credentials ?? {}) as Json;
		const password = (credentials.password as Json | undefined)?.value as string | undefined;
		const activate = queryFlag(req, 'activate', true);
		// provider=true: the user signs in through an external identity provider, so needs no password to be ACTIVE.
		const provider = queryFlag(req, 'provider', false) ? ((credentials.provider as Json | undefined) ?? { type: 'FEDERATION', name: 'FEDERATION' }) : undefined;
		if (req.query.nextLogin === 'changePassword' && (!activate || !password)) {
			return validationFailed(res, 'nextLogin', ['nextLogin: changePassword needs activate=true and a password']);
		}
		const stamp = now();
		const defaultType = [...ctx.state.userTypes.values()].find((type) => type.default);
		const user: SandboxUser = {
			id: newId('00u'),
			status: 'STAGED',
			created: stamp,
			activated: null,
			statusChanged: null,
			lastLogin: null,
			lastUpdated: stamp,
			passwordChanged: password ? stamp : null,
			type: { id: typeId ?? defaultType?.id ?? 'default' },
			...(realmId ? { realmId } : {}),
			profile,
			credentials: credentials.recovery_question || provider ? { ...(credentials.recovery_question ? { recovery_question: credentials.recovery_question } : {}), ...(provider ? { provider } : {}) } : undefined,
			password,
			sessions: 0,
			blocks: [],
		};
		if (activate) setStatus(user, password || provider ? (req.query.nextLogin === 'changePassword' ? 'PASSWORD_EXPIRED' : 'ACTIVE') : 'PROVISIONED');
		ctx.state.users.set(user.id, user);
		const everyone = [...ctx.state.groups.values()].find((group) => group.type === 'BUILT_IN');
		for (const groupId of [...(everyone ? [everyone.id] : []), ...groupIds]) {
			const members = ctx.state.memberships.get(groupId) ?? new Set<string>();
			members.add(user.id);
			ctx.state.memberships.set(groupId, members);
		}
		emit(req, 'user.lifecycle.create', user, 'Create Okta user');
		if (activate) emit(req, 'user.lifecycle.activate', user, 'Activate Okta user');
		res.json(userJson(ctx, user));
	});

	router.get('/api/v1/users/:id', (req, res) => {
		const user = load(req, res);
		if (user) res.json(userJson(ctx, user));
	});

	const update = (partial: boolean) => (req: Request, res: Response) => {
		const user = load(req, res);
		if (!user) return;
		const body = (req.body ?? {}) as Json;
		const incoming = (body.profile ?? {}) as Json;
		const profile = partial ? { ...user.profile, ...incoming } : incoming;
		const causes = profileProblems(ctx, profile, user.id);
		const typeId = (body.type as Json | undefined)?.id as string | undefined;
		if (typeId && partial && typeId !== user.type.id) causes.push('type: The user type can only be changed with a full replace (PUT)');
		if (typeId && !ctx.state.userTypes.has(typeId)) causes.push(`type: No user type with id ${typeId}`);
		if (causes.length) return validationFailed(res, causes.map((cause) => cause.split(':')[0]).join(', '), causes);
		user.profile = profile;
		if (typeId) user.type = { id: typeId };
		const password = ((body.credentials as Json | undefined)?.password as Json | undefined)?.value as string | undefined;
		if (password) {
			user.password = password;
			user.passwordChanged = now();
		}
		user.lastUpdated = now();
		emit(req, 'user.account.update_profile', user, 'Update user profile for Okta');
		if (password) emit(req, 'user.account.update_password', user, 'User update password for Okta');
		res.json(userJson(ctx, user));
	};
	router.post('/api/v1/users/:id', update(true));
	router.put('/api/v1/users/:id', update(false));

	router.delete('/api/v1/users/:id', (req, res) => {
		const user = load(req, res);
		if (!user) return;
		if (user.status !== 'DEPROVISIONED') {
			setStatus(user, 'DEPROVISIONED');
			emit(req, 'user.lifecycle.deactivate', user, 'Deactivate Okta user');
		} else {
			ctx.state.users.delete(user.id);
			ctx.search?.deleted.push({ user, deletedAt: Date.now() });
			for (const members of ctx.state.memberships.values()) members.delete(user.id);
			for (const device of ctx.state.devices.values()) device.userIds = device.userIds.filter((id) => id !== user.id);
			emit(req, 'user.lifecycle.delete.initiated', user, 'Delete Okta user');
		}
		res.status(204).end();
	});

	/** Okta's lifecycle rules: which statuses each action accepts, and what it leads to. */
	const lifecycle: Record<string, { from: UserStatus[]; allowed?(user: SandboxUser): boolean; apply(user: SandboxUser, req: Request): Json | undefined; event: string; message: string }> = {
		activate: {
			from: ['STAGED', 'DEPROVISIONED'],
			apply: (user, req) => {
				setStatus(user, user.password ? 'ACTIVE' : 'PROVISIONED');
				const token = activationToken();
				return !queryFlag(req, 'sendEmail', true) ? { activationUrl: `${ctx.baseUrl()}/welcome/${token}`, activationToken: token } : {};
			},
			event: 'user.lifecycle.activate',
			message: 'Activate Okta user',
		},
		reactivate: {
			from: ['PROVISIONED', 'RECOVERY'],
			// The activation flow starts over: the user waits in PROVISIONED until it is completed.
			apply: (user, req) => {
				if (user.status !== 'PROVISIONED') setStatus(user, 'PROVISIONED');
				const token = activationToken();
				return !queryFlag(req, 'sendEmail', true) ? { activationUrl: `${ctx.baseUrl()}/welcome/${token}`, activationToken: token } : {};
			},
			event: 'user.lifecycle.reactivate',
			message: 'Reactivate Okta user',
		},
		deactivate: {
			from: ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED'],
			apply: (user) => {
				setStatus(user, 'DEPROVISIONED');
				user.sessions = 0;
				return undefined;
			},
			event: 'user.lifecycle.deactivate',
			message: 'Deactivate Okta user',
		},
		suspend: { from: ['ACTIVE'], apply: (user) => (setStatus(user, 'SUSPENDED'), undefined), event: 'user.lifecycle.suspend', message: 'Suspend Okta user' },
		unsuspend: { from: ['SUSPENDED'], apply: (user) => (setStatus(user, 'ACTIVE'), undefined), event: 'user.lifecycle.unsuspend', message: 'Unsuspend Okta user' },
		// Okta unlocks LOCKED_OUT users, and ACTIVE users that are blocked from unknown devices.
		unlock: {
			from: ['LOCKED_OUT', 'ACTIVE'],
			allowed: (user) => user.status === 'LOCKED_OUT' || user.blocks.length > 0,
			apply: (user) => {
				user.blocks = [];
				if (user.status !== 'ACTIVE') setStatus(user, 'ACTIVE');
				else user.lastUpdated = now();
				return undefined;
			},
			event: 'user.account.unlock_by_admin',
			message: 'Unlock Okta user',
		},
		reset_password: {
			from: ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'],
			apply: (user, req) => {
				setStatus(user, 'RECOVERY');
				return !queryFlag(req, 'sendEmail', true) ? { resetPasswordUrl: `${ctx.baseUrl()}/reset_password/${activationToken()}` } : {};
			},
			event: 'user.account.reset_password',
			message: 'Reset password for Okta user',
		},
		expire_password: {
			from: ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'],
			apply: (user) => {
				setStatus(user, 'PASSWORD_EXPIRED');
				return userJson(ctx, user);
			},
			event: 'user.account.expire_password',
			message: 'Expire password for Okta user',
		},
		expire_password_with_temp_password: {
			from: ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'],
			apply: (user) => {
				setStatus(user, 'PASSWORD_EXPIRED');
				const tempPassword = randomBytes(6).toString('base64url');
				user.password = tempPassword;
				return { tempPassword };
			},
			event: 'user.account.expire_password',
			message: 'Expire password for Okta user',
		},
		reset_factors: {
			from: ['ACTIVE', 'PROVISIONED', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'STAGED'],
			apply: () => undefined,
			event: 'user.mfa.factor.reset_all',
			message: 'Reset all factors for user',
		},
	};

	router.post('/api/v1/users/:id/lifecycle/:action', (req, res) => {
		const rule = lifecycle[req.params.action];
		if (!rule) return notFound(res, 'User lifecycle operation', req.params.action);
		const user = load(req, res);
		if (!user) return;
		if (req.params.action === 'reset_password' && req.query.sendEmail === undefined) {
			return validationFailed(res, 'sendEmail', ['sendEmail: The parameter is required']);
		}
		if (!rule.from.includes(user.status) || (rule.allowed && !rule.allowed(user))) {
			return notAllowed(res, `This operation is not allowed in the user's current status (${user.status}).`);
		}
		const body = rule.apply(user, req);
		emit(req, rule.event, user, rule.message);
		// The spec gives these actions no response body.
		if (body === undefined) res.status(200).end();
		else res.status(200).json(body);
	});

	router.delete('/api/v1/users/:userId/sessions', (req, res) => {
		const user = load(req, res);
		if (!user) return;
		user.sessions = 0;
		emit(req, 'user.session.clear', user, 'Clear user sessions');
		res.status(204).end();
	});

	router.get('/api/v1/users/:id/groups', (req, res) => {
		const user = load(req, res);
		if (!user) return;
		const groups = [...ctx.state.groups.values()].filter((group) => ctx.state.memberships.get(group.id)?.has(user.id));
		res.json(groups.map((group) => ({ ...group, _links: { self: { href: `${ctx.baseUrl()}/api/v1/groups/${group.id}` } } })));
	});

	router.get('/api/v1/users/:id/blocks', (req, res) => {
		const user = load(req, res);
		if (user) res.json(user.blocks);
	});
}
