import { startSandbox, type Sandbox } from './index';
import { seedDevice } from './seed';
import { assertion, call, nextLink, responseDrift, serviceToken, validClaims } from './testClient';

/** Devices: seeded (real ones come from enrolment), Okta's lifecycle transitions, delete only when DEACTIVATED, paging. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());
// Every response in these tests is also checked against Okta's spec.
afterEach(() => expect(responseDrift(sandbox)).toEqual([]));

const lifecycle = async (id: string, action: string) => await call(sandbox, 'POST', `/api/v1/devices/${id}/lifecycle/${action}`);
const statusOf = (id: string) => sandbox.state.devices.get(id)?.status;

it('seeds ACTIVE devices with Okta-shaped ids, enrolled for users', async () => {
	const listed = (await call(sandbox, 'GET', '/api/v1/devices?expand=userSummary')).body as Array<{ id: string; status: string; _embedded: { users: Array<{ user: { id: string } }> } }>;
	expect(listed.length).toBe(sandbox.state.devices.size);
	expect(listed.every((device) => device.status === 'ACTIVE' && /^guo[A-Za-z0-9]{17}$/.test(device.id))).toBe(true);
	expect(sandbox.state.users.has(listed[0]._embedded.users[0].user.id)).toBe(true);
	const one = await call(sandbox, 'GET', `/api/v1/devices/${listed[0].id}`);
	expect(one).toMatchObject({ status: 200, body: { id: listed[0].id, resourceType: 'UDDevice', profile: { platform: 'MACOS' } } });
});

it('allows only Okta\'s transitions: suspend ACTIVE, unsuspend SUSPENDED, deactivate, activate DEACTIVATED', async () => {
	const id = seedDevice(sandbox.state);
	expect(await lifecycle(id, 'unsuspend')).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
	expect(await lifecycle(id, 'activate')).toMatchObject({ status: 400 });
	expect((await lifecycle(id, 'suspend')).status).toBe(204);
	expect(statusOf(id)).toBe('SUSPENDED');
	expect((await lifecycle(id, 'suspend')).status).toBe(400);
	expect((await lifecycle(id, 'unsuspend')).status).toBe(204);
	expect(statusOf(id)).toBe('ACTIVE');
	expect((await lifecycle(id, 'deactivate')).status).toBe(204);
	expect(statusOf(id)).toBe('DEACTIVATED');
	expect((await lifecycle(id, 'suspend')).status).toBe(400);
	expect((await lifecycle(id, 'activate')).status).toBe(204);
	expect(statusOf(id)).toBe('ACTIVE');
	expect(await lifecycle('guoMissing', 'suspend')).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
});

it('deactivation ends the device\'s user links', async () => {
	const device = [...sandbox.state.devices.values()].find((entry) => entry.userIds.length > 0)!;
	await lifecycle(device.id, 'deactivate');
	expect(sandbox.state.devices.get(device.id)!.userIds).toEqual([]);
});

it('deletes a device only when it is DEACTIVATED', async () => {
	const id = seedDevice(sandbox.state);
	const refused = await call(sandbox, 'DELETE', `/api/v1/devices/${id}`);
	expect(refused).toMatchObject({ status: 400, body: { errorCode: 'E0000001' } });
	expect(JSON.stringify(refused.body)).toMatch(/deactivate/i);
	expect(sandbox.state.devices.has(id)).toBe(true);
	await lifecycle(id, 'suspend');
	expect((await call(sandbox, 'DELETE', `/api/v1/devices/${id}`)).status).toBe(400);
	await lifecycle(id, 'deactivate');
	expect((await call(sandbox, 'DELETE', `/api/v1/devices/${id}`)).status).toBe(204);
	expect(sandbox.state.devices.has(id)).toBe(false);
	expect(await call(sandbox, 'GET', `/api/v1/devices/${id}`)).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
});

it('pages at most 200 devices with self and next links; the spec refuses a larger limit', async () => {
	for (let i = 0; i < 250; i++) seedDevice(sandbox.state);
	const first = await call(sandbox, 'GET', '/api/v1/devices');
	expect(first.body).toHaveLength(200);
	expect(first.headers.get('link')).toContain('rel="self"');
	const second = await call(sandbox, 'GET', nextLink(first.headers)!.replace(sandbox.baseUrl, ''));
	expect(second.body).toHaveLength(sandbox.state.devices.size - 200);
	expect(nextLink(second.headers)).toBeUndefined();
	// The spec declares maximum: 200 for devices, so this is a malformed request, not a clamped one.
	expect(await call(sandbox, 'GET', '/api/v1/devices?limit=500')).toMatchObject({ status: 400, body: { errorCauses: [{ errorSummary: 'query.limit: must be <= 200' }] } });
});

it('searches devices', async () => {
	const id = seedDevice(sandbox.state, 'SUSPENDED');
	const found = (await call(sandbox, 'GET', `/api/v1/devices?search=${encodeURIComponent('status eq "SUSPENDED"')}`)).body as Array<{ id: string }>;
	expect(found.map((device) => device.id)).toEqual([id]);
});

it('needs okta.devices scopes', async () => {
	sandbox.oauth.grantScopes(sandbox.oauth.serviceApp.clientId, ['okta.devices.read']);
	const reply = await serviceToken(sandbox, assertion(validClaims(sandbox), sandbox.oauth.serviceApp.privateKeyPem, sandbox.oauth.serviceApp.keyId), 'okta.devices.read');
	const bearer = `Bearer ${reply.body.access_token}`;
	const id = [...sandbox.state.devices.keys()][0];
	expect((await call(sandbox, 'GET', `/api/v1/devices/${id}`, undefined, bearer)).status).toBe(200);
	expect(await call(sandbox, 'POST', `/api/v1/devices/${id}/lifecycle/suspend`, undefined, bearer)).toMatchObject({ status: 403, body: { errorCode: 'E0000006' } });
	expect(statusOf(id)).toBe('ACTIVE');
});
