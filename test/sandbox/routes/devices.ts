import type { Request, Response, Router } from 'express';

import { notFound, now, paginate, sendError, type SandboxContext, type SandboxDevice } from '../context';

const TRANSITIONS: Record<string, { from: SandboxDevice['status'][]; to: SandboxDevice['status']; event: string }> = {
	activate: { from: ['CREATED', 'DEACTIVATED'], to: 'ACTIVE', event: 'device.lifecycle.activate' },
	deactivate: { from: ['ACTIVE', 'SUSPENDED', 'CREATED'], to: 'DEACTIVATED', event: 'device.lifecycle.deactivate' },
	suspend: { from: ['ACTIVE'], to: 'SUSPENDED', event: 'device.lifecycle.suspend' },
	unsuspend: { from: ['SUSPENDED'], to: 'ACTIVE', event: 'device.lifecycle.unsuspend' },
};

export function deviceJson(ctx: SandboxContext, device: SandboxDevice, expand?: unknown): Record<string, unknown> {
	const { userIds, ...body } = device;
	const json: Record<string, unknown> = { ...body, _links: { self: { href: `${ctx.baseUrl()}/api/v1/devices/${device.id}` } } };
	if (expand === 'user' || expand === 'userSummary') {
		const users = userIds.map((id) => ctx.state.users.get(id)).filter((user) => user !== undefined);
		json._embedded = {
			users: users.map((user) => ({
				created: device.created,
				managementStatus: 'NOT_MANAGED',
				screenLockType: 'BIOMETRIC',
				user:
					expand === 'user'
						? { id: user.id, status: user.status, created: user.created, profile: user.profile }
						: { id: user.id, profile: { login: user.profile.login, firstName: user.profile.firstName, lastName: user.profile.lastName } },
			})),
		};
	}
	return json;
}

/** A tiny `search` for devices: `status eq "X"`, `profile.<attr> eq|sw "x"`, joined with and/or. */
function matches(device: SandboxDevice, search: string): boolean {
	const clauses = search.split(/\s+(and|or)\s+/i);
	let result: boolean | undefined;
	let joiner = 'and';
	for (const clause of clauses) {
		if (/^(and|or)$/i.test(clause)) {
			joiner = clause.toLowerCase();
			continue;
		}
		const match = /^\(?\s*([\w.]+)\s+(eq|sw|co)\s+"((?:[^"\\]|\\.)*)"\s*\)?$/i.exec(clause.trim());
		let value = false;
		if (match) {
			const [, path, op, expected] = match;
			const actual = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], device);
			const text = String(actual ?? '').toLowerCase();
			const wanted = expected.replace(/\\"/g, '"').toLowerCase();
			value = op === 'eq' ? text === wanted : op === 'sw' ? text.startsWith(wanted) : text.includes(wanted);
		}
		result = result === undefined ? value : joiner === 'and' ? result && value : result || value;
	}
	return result ?? true;
}

export function register(router: Router, ctx: SandboxContext): void {
	const find = (req: Request, res: Response): SandboxDevice | undefined => {
		const device = ctx.state.devices.get(String(req.params.deviceId));
		if (!device) notFound(res, 'Device', String(req.params.deviceId));
		return device;
	};

	router.get('/api/v1/devices', (req, res) => {
		if (!ctx.requireScope(req, res, 'okta.devices.read', 'okta.devices.manage')) return;
		let devices = [...ctx.state.devices.values()];
		if (typeof req.query.search === 'string' && req.query.search) devices = devices.filter((device) => matches(device, String(req.query.search)));
		const page = paginate(req, res, devices, { defaultLimit: 200, maxLimit: 200 });
		res.json(page.map((device) => deviceJson(ctx, device, req.query.expand)));
	});

	router.get('/api/v1/devices/:deviceId', (req, res) => {
		if (!ctx.requireScope(req, res, 'okta.devices.read', 'okta.devices.manage')) return;
		const device = find(req, res);
		if (device) res.json(deviceJson(ctx, device));
	});

	router.post('/api/v1/devices/:deviceId/lifecycle/:action', (req, res) => {
		if (!ctx.requireScope(req, res, 'okta.devices.manage')) return;
		const transition = TRANSITIONS[String(req.params.action)];
		if (!transition) {
			notFound(res, 'Device lifecycle action', String(req.params.action));
			return;
		}
		const device = find(req, res);
		if (!device) return;
		if (!transition.from.includes(device.status)) {
			sendError(res, 400, 'E0000001', `Api validation failed: Cannot ${req.params.action} a device with status ${device.status}`, [
				`status: The device is ${device.status}`,
			]);
			return;
		}
		device.status = transition.to;
		device.lastUpdated = now();
		if (transition.to === 'DEACTIVATED') device.userIds = [];
		ctx.emit({ eventType: transition.event, displayMessage: `Device ${req.params.action}d`, target: [{ id: device.id, type: 'Device', displayName: String(device.profile.displayName ?? '') }] });
		res.status(204).end();
	});

	router.delete('/api/v1/devices/:deviceId', (req, res) => {
		if (!ctx.requireScope(req, res, 'okta.devices.manage')) return;
		const device = find(req, res);
		if (!device) return;
		if (device.status !== 'DEACTIVATED') {
			sendError(res, 400, 'E0000001', 'Api validation failed: Device must be deactivated before it can be deleted', [
				`status: The device is ${device.status}; deactivate it first`,
			]);
			return;
		}
		ctx.state.devices.delete(device.id);
		ctx.emit({ eventType: 'device.lifecycle.delete', displayMessage: 'Device deleted', target: [{ id: device.id, type: 'Device' }] });
		res.status(204).end();
	});
}
