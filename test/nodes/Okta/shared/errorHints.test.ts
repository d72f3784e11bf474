import { NodeApiError } from 'n8n-workflow';

import { ERROR_CODE_HINTS, errorHint, STATUS_HINTS } from '../../../../nodes/Okta/shared/errorHints';
import { describeOktaFailure } from '../../../../nodes/Okta/shared/errors';
import { startSandbox } from '../../../sandbox';
import { requestsMade, runOperation } from '../run';

/**
 * Every Okta error code the node can meet gets a hint of its own, and the message carries each field name once.
 * The codes: those the management spec's examples give for the paths the package calls (responses of /api/v1/users,
 * groups, devices, realms, meta/types/user and eventHooks in okta-management-2026.06.3.yaml), those the sandbox
 * answers with (it follows Okta's error reference), and those the lifecycle and password operations meet.
 */
const SPEC_CODES = ['E0000001', 'E0000006', 'E0000007', 'E0000028', 'E0000047', 'E0000093', 'E0000124', 'E0000125'];
const SANDBOX_CODES = ['E0000003', 'E0000008', 'E0000009', 'E0000010', 'E0000011', 'E0000012', 'E0000022', 'E0000031', 'E0000038'];
const LIFECYCLE_CODES = ['E0000014', 'E0000016', 'E0000017', 'E0000032', 'E0000041'];

describe('error hints', () => {
	it.each([...SPEC_CODES, ...SANDBOX_CODES, ...LIFECYCLE_CODES])('%s has a hint of its own', (code) => {
		expect(ERROR_CODE_HINTS[code]).toMatch(/\w{3}/);
	});

	it('a code\'s hint wins over its status\'s, and an unknown code falls back to the status', () => {
		expect(errorHint(403, 'E0000038')).toBe(ERROR_CODE_HINTS.E0000038);
		expect(errorHint(403, 'E0000999')).toBe(STATUS_HINTS[403]);
		expect(errorHint(403, undefined)).toBe(STATUS_HINTS[403]);
	});

	it('no status error (E0000038, E0000016, E0000032) is blamed on scopes or roles', () => {
		for (const code of ['E0000038', 'E0000016', 'E0000032']) expect({ code, hint: ERROR_CODE_HINTS[code] }).toEqual({ code, hint: expect.not.stringMatching(/scope|role|permission/i) });
		expect(ERROR_CODE_HINTS.E0000038).toMatch(/status/);
		expect(ERROR_CODE_HINTS.E0000006).toMatch(/scope/);
	});
});

describe('errors from the node against the sandbox', () => {
	let sandbox: Awaited<ReturnType<typeof startSandbox>>;
	beforeAll(async () => {
		sandbox = await startSandbox({ seed: 'demo' });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	it('suspending a STAGED user says the user\'s status is the problem, not the scopes', async () => {
		const staged = [...sandbox.state.users.values()].find((user) => user.status === 'STAGED')!;
		const failure = (await runOperation(sandbox, 'userLifecycle', 'suspend', { userId: { __rl: true, mode: 'id', value: staged.id } }).catch((error: unknown) => error)) as NodeApiError;
		expect(failure).toBeInstanceOf(NodeApiError);
		expect(failure.message).toMatch(/\[HTTP 403, E0000038\]$/);
		expect(failure.description).toContain(ERROR_CODE_HINTS.E0000038);
		expect(failure.description).not.toMatch(/scope/);
		expect(sandbox.state.users.get(staged.id)!.status).toBe('STAGED');
		expect(requestsMade(sandbox)).toEqual([`POST /api/v1/users/${staged.id}/lifecycle/suspend`]);
	});

	it('a taken login names the field once: "Api validation failed: login: An object…"', async () => {
		const taken = String([...sandbox.state.users.values()][0].profile.login);
		const failure = (await runOperation(sandbox, 'user', 'create', { login: taken, email: taken, firstName: 'Dup', lastName: 'Licate' }).catch(
			(error: unknown) => error,
		)) as NodeApiError;
		expect(failure).toBeInstanceOf(NodeApiError);
		expect(failure.message).toMatch(/^Creating user \S+: Api validation failed: login: An object with this field already exists in the current organization \[HTTP 400, E0000001\]$/);
		expect(failure.description).toContain(ERROR_CODE_HINTS.E0000001);
		expect([...sandbox.state.users.values()].filter((user) => String(user.profile.login).toLowerCase() === taken.toLowerCase())).toHaveLength(1);
		expect(requestsMade(sandbox)).toEqual(['POST /api/v1/users']);
	});

	it('keeps the field list when the causes do not start with those fields', () => {
		const body = { errorCode: 'E0000001', errorSummary: 'Api validation failed: Realm has users', errorCauses: [{ errorSummary: 'realm: 3 users are assigned' }] };
		expect(describeOktaFailure({ status: 400, headers: {}, body }).message).toBe('Api validation failed: Realm has users: realm: 3 users are assigned [HTTP 400, E0000001]');
	});
});
