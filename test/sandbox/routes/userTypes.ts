import type { Router } from 'express';

import { newId, notFound, now, sendError, validationFailed, type Json, type SandboxContext, type SandboxUserType } from '../context';

export const MAX_CUSTOM_USER_TYPES = 9;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function defaultUserType(): SandboxUserType {
	const stamp = now();
	return {
		id: 'oty0000000000default',
		name: 'user',
		displayName: 'User',
		description: 'Okta user profile template with default permission settings',
		default: true,
		created: stamp,
		lastUpdated: stamp,
		createdBy: '00u000000000000admin',
		lastUpdatedBy: '00u000000000000admin',
	};
}

function typeJson(ctx: SandboxContext, type: SandboxUserType): Json {
	const base = `${ctx.baseUrl()}/api/v1/meta/types/user/${type.id}`;
	return { ...type, _links: { self: { href: base }, schema: { href: `${ctx.baseUrl()}/api/v1/meta/schemas/user/osc${type.id.slice(3)}` } } };
}

export function register(router: Router, ctx: SandboxContext): void {
	const find = (typeId: string): SandboxUserType | undefined =>
		typeId === 'default' ? [...ctx.state.userTypes.values()].find((type) => type.default) : ctx.state.userTypes.get(typeId);

	router.get('/api/v1/meta/types/user', (_req, res) => {
		res.json([...ctx.state.userTypes.values()].map((type) => typeJson(ctx, type)));
	});

	router.post('/api/v1/meta/types/user', (req, res) => {
		const body = (req.body ?? {}) as Json;
		const causes: string[] = [];
		if (typeof body.name !== 'string' || !NAME.test(body.name)) causes.push('name: must start with a letter and contain only letters, digits and underscores');
		if (typeof body.displayName !== 'string' || !body.displayName.trim()) causes.push('displayName: The field cannot be left blank');
		if (causes.length) return validationFailed(res, 'userType', causes);
		const custom = [...ctx.state.userTypes.values()].filter((type) => !type.default).length;
		if (custom >= MAX_CUSTOM_USER_TYPES) {
			return validationFailed(res, 'userType', [`Your org already has the maximum of ${MAX_CUSTOM_USER_TYPES} user types besides the default type`]);
		}
		if ([...ctx.state.userTypes.values()].some((type) => type.name === body.name)) {
			return validationFailed(res, 'name', ['name: A user type with this name already exists']);
		}
		const stamp = now();
		const type: SandboxUserType = {
			id: newId('oty'),
			name: String(body.name),
			displayName: String(body.displayName),
			description: typeof body.description === 'string' ? body.description : '',
			default: false,
			created: stamp,
			lastUpdated: stamp,
			createdBy: '00u000000000000admin',
			lastUpdatedBy: '00u000000000000admin',
		};
		ctx.state.userTypes.set(type.id, type);
		res.json(typeJson(ctx, type));
	});

	router.get('/api/v1/meta/types/user/:typeId', (req, res) => {
		const type = find(req.params.typeId);
		if (!type) return notFound(res, 'UserType', req.params.typeId);
		res.json(typeJson(ctx, type));
	});

	const update = (partial: boolean) => (req: Parameters<Parameters<Router['post']>[1]>[0], res: Parameters<Parameters<Router['post']>[1]>[1]) => {
		const type = find(String(req.params.typeId));
		if (!type) return notFound(res, 'UserType', String(req.params.typeId));
		const body = (req.body ?? {}) as Json;
		if (body.name !== undefined && body.name !== type.name) return validationFailed(res, 'name', ['name: The name of a user type cannot be changed']);
		if (!partial) {
			const causes: string[] = [];
			if (body.name === undefined) causes.push('name: The field cannot be left blank');
			if (typeof body.displayName !== 'string' || !body.displayName) causes.push('displayName: The field cannot be left blank');
			if (causes.length) return validationFailed(res, 'userType', causes);
		}
		if (typeof body.displayName === 'string') type.displayName = body.displayName;
		if (typeof body.description === 'string') type.description = body.description;
		else if (!partial) type.description = '';
		type.lastUpdated = now();
		res.json(typeJson(ctx, type));
	};
	router.post('/api/v1/meta/types/user/:typeId', update(true));
	router.put('/api/v1/meta/types/user/:typeId', update(false));

	router.delete('/api/v1/meta/types/user/:typeId', (req, res) => {
		const type = find(req.params.typeId);
		if (!type) return notFound(res, 'UserType', req.params.typeId);
		if (type.default) return sendError(res, 403, 'E0000006', 'You do not have permission to perform the requested action', ['The default user type cannot be deleted']);
		const inUse = [...ctx.state.users.values()].some((user) => user.type.id === type.id);
		if (inUse) return validationFailed(res, 'userType', ['This user type is assigned to users and cannot be deleted']);
		ctx.state.userTypes.delete(type.id);
		res.status(204).end();
	});
}
