import type { Router } from 'express';

import { ExpressionError, parseExpression } from '../expression';
import { newId, notFound, now, paginate, sendError, validationFailed, type Json, type SandboxContext, type SandboxRealm } from '../context';

function realmJson(ctx: SandboxContext, realm: SandboxRealm): Json {
	return { ...realm, _links: { self: { href: `${ctx.baseUrl()}/api/v1/realms/${realm.id}` } } };
}

function readProfile(body: unknown): { profile?: Json; problem?: string } {
	const profile = (body as { profile?: Json } | undefined)?.profile;
	if (!profile || typeof profile !== 'object') return { problem: 'profile: The field cannot be left blank' };
	if (typeof profile.name !== 'string' || !profile.name.trim()) return { problem: 'profile.name: The field cannot be left blank' };
	if (profile.realmType !== undefined && !['DEFAULT', 'PARTNER'].includes(String(profile.realmType))) {
		return { problem: 'profile.realmType: Must be DEFAULT or PARTNER' };
	}
	return { profile: { realmType: 'DEFAULT', ...profile } };
}

export function register(router: Router, ctx: SandboxContext): void {
	router.get('/api/v1/realms', (req, res) => {
		let realms = [...ctx.state.realms.values()];
		if (typeof req.query.search === 'string' && req.query.search) {
			try {
				const { predicate } = parseExpression(req.query.search);
				realms = realms.filter((realm) => predicate(realm as unknown as Record<string, unknown>));
			} catch (error) {
				if (error instanceof ExpressionError) return sendError(res, 400, 'E0000031', `Invalid search criteria: ${error.message}`);
				throw error;
			}
		}
		if (req.query.sortBy === 'profile.name') {
			realms.sort((a, b) => String(a.profile.name).localeCompare(String(b.profile.name)) * (req.query.sortOrder === 'desc' ? -1 : 1));
		}
		res.json(paginate(req, res, realms, { defaultLimit: 200, maxLimit: 200 }).map((realm) => realmJson(ctx, realm)));
	});

	router.post('/api/v1/realms', (req, res) => {
		const { profile, problem } = readProfile(req.body);
		if (!profile) return validationFailed(res, 'realm', [problem!]);
		if ([...ctx.state.realms.values()].some((realm) => realm.profile.name === profile.name)) {
			return validationFailed(res, 'name', ['name: A realm with this name already exists']);
		}
		const stamp = now();
		const realm: SandboxRealm = { id: newId('guo'), created: stamp, lastUpdated: stamp, isDefault: false, profile };
		ctx.state.realms.set(realm.id, realm);
		res.status(200).json(realmJson(ctx, realm));
	});

	router.get('/api/v1/realms/:realmId', (req, res) => {
		const realm = ctx.state.realms.get(req.params.realmId);
		if (!realm) return notFound(res, 'Realm', req.params.realmId);
		res.json(realmJson(ctx, realm));
	});

	router.put('/api/v1/realms/:realmId', (req, res) => {
		const realm = ctx.state.realms.get(req.params.realmId);
		if (!realm) return notFound(res, 'Realm', req.params.realmId);
		const { profile, problem } = readProfile(req.body);
		if (!profile) return validationFailed(res, 'realm', [problem!]);
		realm.profile = profile;
		realm.lastUpdated = now();
		res.json(realmJson(ctx, realm));
	});

	router.delete('/api/v1/realms/:realmId', (req, res) => {
		const realm = ctx.state.realms.get(req.params.realmId);
		if (!realm) return notFound(res, 'Realm', req.params.realmId);
		if (realm.isDefault) return sendError(res, 400, 'E0000001', 'Api validation failed: The default realm cannot be deleted');
		const members = [...ctx.state.users.values()].filter((user) => user.realmId === realm.id).length;
		if (members > 0) {
			return sendError(res, 400, 'E0000001', 'Api validation failed: Realm has users', [`realm: ${members} users are assigned to this realm; move them first`]);
		}
		ctx.state.realms.delete(realm.id);
		res.status(204).end();
	});
}
