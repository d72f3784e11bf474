import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import { emptyState, type SandboxContext, type SandboxState } from './context';
import { createEventDelivery, type EventDelivery } from './delivery';
import * as devices from './routes/devices';
import * as eventHooks from './routes/eventHooks';
import * as realms from './routes/realms';
import * as userTypes from './routes/userTypes';

/** The device, realm, user-type and event-hook routes on a bare express app, for their own tests. */
export async function startRoutesApp(): Promise<{ url: string; state: SandboxState; delivery: EventDelivery; ctx: SandboxContext; close(): Promise<void> }> {
	const state = emptyState();
	const app = express();
	app.use(express.json());
	let url = '';
	const delivery = createEventDelivery({ state, source: () => url, batchWindowMs: 20, timeoutMs: 1000 });
	const ctx: SandboxContext = { state, baseUrl: () => url, emit: (event) => delivery.emit(event), requireScope: () => true };
	const router = express.Router();
	devices.register(router, ctx);
	realms.register(router, ctx);
	userTypes.register(router, ctx);
	eventHooks.register(router, ctx, delivery);
	app.use(router);
	const type = userTypes.defaultUserType();
	state.userTypes.set(type.id, type);
	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		state,
		delivery,
		ctx,
		close: async () => {
			delivery.close();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

export { seedDevice } from './seed';
