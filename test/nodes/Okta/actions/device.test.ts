import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { OktaDirectory } from '../../../../nodes/Okta/OktaDirectory.node';
import { executeNode } from '../../../helpers/n8n';
import { startSandbox } from '../../../sandbox';
import type { SandboxDevice } from '../../../sandbox/context';
import { seedDevice } from '../../../sandbox/seed';
import { expectEveryOperationRun } from '../run';

expectEveryOperationRun('device');

/**
 * Device against the sandbox: each operation's requests, the output, the device in the sandbox
 * afterwards, and spec validation of every request sent.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(async () => {
	await sandbox.reset();
});

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

async function run(
	operation: string,
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean; target?: Sandbox } = {},
): Promise<INodeExecutionData[]> {
	const target = options.target ?? sandbox;
	const { output } = await executeNode({
		node: new OktaDirectory(),
		parameters: { resource: 'device', operation, ...parameters },
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { type: 'oktaDirectoryApiTokenApi', data: { domain: target.baseUrl, apiToken: target.apiToken } },
	});
	return output[0];
}

/** A device in this status: the demo seed has five ACTIVE devices; other statuses are added for the test. */
function deviceIn(status: SandboxDevice['status'], skip = 0): SandboxDevice {
	const found = [...sandbox.state.devices.values()].filter((device) => device.status === status)[skip];
	if (found) return found;
	if (status === 'CREATED') throw new Error('no CREATED device in the seed');
	return sandbox.state.devices.get(seedDevice(sandbox.state, status))!;
}

const statusOf = (id: string) => sandbox.state.devices.get(id)?.status;

/** Requests of this test, as "METHOD /path", and a check that each passed spec validation. */
function requests(target: Sandbox = sandbox): string[] {
	for (const entry of target.requestLog) {
		expect({ request: `${entry.method} ${entry.path}`, validation: entry.validation }).toEqual({
			request: `${entry.method} ${entry.path}`,
			validation: 'passed',
		});
	}
	return target.requestLog.map((entry) => `${entry.method} ${entry.path}`);
}

describe('Get', () => {
	it('returns a simplified device by default and the raw one on request', async () => {
		const device = deviceIn('ACTIVE');
		const [simple] = await run('get', { deviceId: byId(device.id) });
		expect(simple.json).toMatchObject({ id: device.id, status: 'ACTIVE', displayName: device.profile.displayName });
		expect(simple.json.profile).toBeUndefined();

		const [raw] = await run('get', { deviceId: byId(device.id), simplify: false });
		expect(raw.json).toMatchObject({ id: device.id, status: 'ACTIVE', profile: device.profile, resourceType: 'UDDevice' });
		expect(requests()).toEqual([`GET /api/v1/devices/${device.id}`, `GET /api/v1/devices/${device.id}`]);
	});

	it('reports an unknown device by item with Okta\'s not-found error', async () => {
		const device = deviceIn('ACTIVE');
		const items = [{ json: { id: 'guoNoSuchDevice00000' } }, { json: { id: device.id } }];
		const output = await run('get', { deviceId: byId('={{ $json.id }}') }, { items, continueOnFail: true });
		expect(output[0]).toMatchObject({ json: { itemIndex: 0, error: expect.stringMatching(/HTTP 404, E0000007/) }, pairedItem: { item: 0 } });
		expect(output[1]).toMatchObject({ json: { id: device.id }, pairedItem: { item: 1 } });
		requests();
	});

	it('names the field and the item when the device is empty', async () => {
		await expect(run('get', { deviceId: byId('  ') })).rejects.toThrow('Device (item 0): is empty');
		expect(requests()).toEqual([]);
	});
});

describe('Get Many', () => {
	it('returns up to Limit devices in one request', async () => {
		const output = await run('getMany', { returnAll: false, limit: 2 });
		expect(output).toHaveLength(2);
		expect(output[0].json).toMatchObject({ id: expect.stringMatching(/^guo/), status: expect.any(String) });
		expect(requests()).toEqual(['GET /api/v1/devices']);
		expect(sandbox.requestLog[0].query).toMatchObject({ limit: '2' });
	});

	it('passes the search expression, Changed Since and expand, and keeps the embedded users', async () => {
		const since = '2000-01-01T00:00:00.000Z';
		const output = await run('getMany', {
			returnAll: true,
			filters: { search: 'status eq "ACTIVE"', changedSince: since, expand: 'userSummary' },
		});
		const active = [...sandbox.state.devices.values()].filter((device) => device.status === 'ACTIVE');
		expect(output.map((item) => item.json.id).sort()).toEqual(active.map((device) => device.id).sort());
		expect(requests()).toEqual(['GET /api/v1/devices']);
		expect(sandbox.requestLog[0].query).toMatchObject({
			search: `(status eq "ACTIVE") and lastUpdated gt "${since}"`,
			expand: 'userSummary',
			limit: '200',
		});
		const linked = active.find((device) => device.userIds.length > 0);
		expect(linked).toBeDefined();
		expect(output.find((item) => item.json.id === linked!.id)?.json.users).toHaveLength(linked!.userIds.length);
	});

	it('puts Changed Since alone into search: devices have no filter parameter', async () => {
		await run('getMany', { returnAll: true, filters: { changedSince: '2000-01-01T00:00:00Z' } });
		expect(sandbox.requestLog[0].query).toEqual({ search: 'lastUpdated gt "2000-01-01T00:00:00.000Z"', limit: '200' });
		requests();
	});

	it('rejects a Changed Since that is not a date, naming field and item', async () => {
		await expect(run('getMany', { returnAll: true, filters: { changedSince: 'yesterday-ish' } })).rejects.toThrow(
			'Changed Since (item 0)',
		);
		expect(requests()).toEqual([]);
	});

	it('Return All follows the next links across pages of 200', async () => {
		const many = await startSandbox({ seed: { devices: 250 } });
		try {
			const output = await run('getMany', { returnAll: true, simplify: false }, { target: many });
			expect(output).toHaveLength(250);
			expect(new Set(output.map((item) => item.json.id)).size).toBe(250);
			expect(requests(many)).toEqual(['GET /api/v1/devices', 'GET /api/v1/devices']);
			expect(many.requestLog[0].query).toMatchObject({ limit: '200' });
		} finally {
			await many.close();
		}
	});
});

describe('status changes', () => {
	it('suspends an ACTIVE device, unsuspends, deactivates and activates it again', async () => {
		const device = deviceIn('ACTIVE');
		const steps: Array<[string, string]> = [
			['suspend', 'SUSPENDED'],
			['unsuspend', 'ACTIVE'],
			['deactivate', 'DEACTIVATED'],
			['activate', 'ACTIVE'],
		];
		for (const [operation, status] of steps) {
			const [item] = await run(operation, { deviceId: byId(device.id) });
			expect(item.json).toMatchObject({ id: device.id, status, action: operation });
			expect(statusOf(device.id)).toBe(status);
		}
		expect(requests()).toEqual(
			steps.flatMap(([operation]) => [`POST /api/v1/devices/${device.id}/lifecycle/${operation}`, `GET /api/v1/devices/${device.id}`]),
		);
	});

	it('with Return Device off, outputs the ID and action from one request', async () => {
		const device = deviceIn('ACTIVE');
		const [item] = await run('suspend', { deviceId: byId(device.id), returnDevice: false });
		expect(item.json).toEqual({ id: device.id, action: 'suspend' });
		expect(statusOf(device.id)).toBe('SUSPENDED');
		expect(requests()).toEqual([`POST /api/v1/devices/${device.id}/lifecycle/suspend`]);
	});

	it('with Continue On Fail, applies allowed changes and reports refused ones by item', async () => {
		const active = deviceIn('ACTIVE');
		const deactivated = deviceIn('DEACTIVATED');
		const items = [{ json: { id: deactivated.id } }, { json: { id: active.id } }];
		const output = await run('suspend', { deviceId: byId('={{ $json.id }}') }, { items, continueOnFail: true });
		expect(output[0]).toMatchObject({ json: { itemIndex: 0, error: expect.stringMatching(/HTTP 4\d\d/) }, pairedItem: { item: 0 } });
		expect(output[1]).toMatchObject({ json: { id: active.id, status: 'SUSPENDED', action: 'suspend' }, pairedItem: { item: 1 } });
		expect(statusOf(deactivated.id)).toBe('DEACTIVATED');
		expect(statusOf(active.id)).toBe('SUSPENDED');
		requests();
	});

	it('refuses to unsuspend an ACTIVE device', async () => {
		const device = deviceIn('ACTIVE');
		await expect(run('unsuspend', { deviceId: byId(device.id) })).rejects.toMatchObject({
			message: expect.stringMatching(/HTTP 4\d\d/),
			context: expect.objectContaining({ itemIndex: 0 }),
		});
		expect(statusOf(device.id)).toBe('ACTIVE');
		requests();
	});
});

describe('Delete', () => {
	it('deactivates an ACTIVE device first, then deletes it', async () => {
		const device = deviceIn('ACTIVE');
		const [item] = await run('delete', { deviceId: byId(device.id) });
		expect(item.json).toEqual({ id: device.id, deleted: true, deactivated: true });
		expect(sandbox.state.devices.has(device.id)).toBe(false);
		expect(requests()).toEqual([
			`GET /api/v1/devices/${device.id}`,
			`POST /api/v1/devices/${device.id}/lifecycle/deactivate`,
			`DELETE /api/v1/devices/${device.id}`,
		]);
	});

	it('deletes a DEACTIVATED device without deactivating it again', async () => {
		const device = deviceIn('DEACTIVATED');
		const [item] = await run('delete', { deviceId: byId(device.id) });
		expect(item.json).toEqual({ id: device.id, deleted: true, deactivated: false });
		expect(sandbox.state.devices.has(device.id)).toBe(false);
		expect(requests()).toEqual([`GET /api/v1/devices/${device.id}`, `DELETE /api/v1/devices/${device.id}`]);
	});

	it('without Deactivate First, deletes a DEACTIVATED device and leaves an ACTIVE one with Okta\'s error', async () => {
		const deactivated = deviceIn('DEACTIVATED');
		const active = deviceIn('ACTIVE');
		const items = [{ json: { id: deactivated.id } }, { json: { id: active.id } }];
		const output = await run('delete', { deviceId: byId('={{ $json.id }}'), deactivateFirst: false }, { items, continueOnFail: true });
		expect(output[0].json).toEqual({ id: deactivated.id, deleted: true, deactivated: false });
		expect(output[1].json).toMatchObject({ itemIndex: 1, error: expect.stringMatching(/HTTP 4\d\d/) });
		expect(sandbox.state.devices.has(deactivated.id)).toBe(false);
		expect(statusOf(active.id)).toBe('ACTIVE');
		expect(requests().sort()).toEqual([`DELETE /api/v1/devices/${active.id}`, `DELETE /api/v1/devices/${deactivated.id}`].sort());
	});
});
