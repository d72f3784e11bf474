import type { Request, Response, Router } from 'express';

import { notFound, now, paginate, sendError, type SandboxContext, type SandboxDevice } from '../context';
import { ExpressionError, parseExpression } from '../expression';

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

export function register(router: Router, ctx: SandboxContext): void {
	const find = (req: Request, res: Response): SandboxDevice | undefined => {
		const device = ctx.state.devices.get(String(req.params.deviceId));
		if (!device) notFound(res, 'Device', String(req.params.deviceId));
		return device;
	};

	router.get('/api/v1/devices', (req, res) => {
		let devices = [...ctx.state.devices.values()];
		if (typeof req.query.search === 'string' && req.query.search) {
			try {
				const { predicate } = parseExpression(req.query.search);
				devices = devices.filter((device) => predicate(device as unknown as Record<string, unknown>));
			} catch (error) {
				if (error instanceof ExpressionError) return sendError(res, 400, 'E0000031', `Invalid search criteria: ${error.message}`);
				throw error;
			}
		}
		const page = paginate(req, res, devices, { defaultLimit: 200, maxLimit: 200 });
		res.json(page.map((device) => deviceJson(ctx, device, req.query.expand)));
	});

	router.get('/api/v1/devices/:deviceId', (req, res) => {
		const device = find(req, res);
		if (device) res.json(deviceJson(ctx, device));
	});

	router.post('/api/v1/devices/:deviceId/lifecycle/:action', (req, res) => {
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
		ctx.emit({ eventType: transition.event, displayMessage: `Device ${req.params.action}d`, target: [{ id: device.id, type: 'Device', displayName: String(device.profile.displayName ?? '') }] }, req);
		res.status(204).end();
	});

	router.delete('/api/v1/devices/:deviceId', (req, res) => {
		const device = find(req, res);
		if (!device) return;
		if (device.status !== 'DEACTIVATED') {
			sendError(res, 400, 'E0000001', 'Api validation failed: Device must be deactivated before it can be deleted', [
				`status: The device is ${device.status}; deactivate it first`,
			]);
			return;
		}
		ctx.state.devices.delete(device.id);
		ctx.emit({ eventType: 'device.lifecycle.delete', displayMessage: 'Device deleted', target: [{ id: device.id, type: 'Device', displayName: String(device.profile.displayName ?? '') }] }, req);
		res.status(204).end();
	});
}
