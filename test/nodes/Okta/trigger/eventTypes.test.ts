import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleKind, transpileModule } from 'typescript';

import { EVENT_TYPE_OPTIONS, LOG_EVENT_TYPE_OPTIONS } from '../../../../nodes/Okta/trigger/eventTypes';
import { buildEntries, buildLogEntries, findCatalogCsv, firstSentence, parseCsv, renderEventTypes, SHARED_DIR, TARGET } from '../../../../scripts/generate-event-types';

/** The generated event-type list and its generator. */

describe('event type options', () => {
	it('lists every event-hook-eligible type once, sorted by label, each with a description', () => {
		const values = EVENT_TYPE_OPTIONS.map((option) => option.value);
		expect(values.length).toBeGreaterThanOrEqual(300);
		expect(new Set(values).size).toBe(values.length);
		const names = EVENT_TYPE_OPTIONS.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
		for (const option of EVENT_TYPE_OPTIONS) {
			expect(option.name).toMatch(/^[A-Z][\w ]*: .+ \([\w.]+\)$/);
			expect(option.name.endsWith(`(${String(option.value)})`)).toBe(true);
			expect(option.description).toMatch(/^\S.*[^.]$/);
		}
	});

	it.each([
		['user created', 'user.lifecycle.create'],
		['user added to group', 'group.user_membership.add'],
		['device deactivated', 'device.lifecycle.deactivate'],
		['user removed from group', 'group.user_membership.remove'],
		['user signed in', 'user.session.start'],
		['user.account.lock', 'user.account.lock'],
	])('a search for "%s" finds %s', (search, value) => {
		// n8n's option search matches the label, case-insensitively.
		const found = EVENT_TYPE_OPTIONS.filter((option) => option.name.toLowerCase().includes(search));
		expect(found.map((option) => option.value)).toContain(value);
	});

	it('groups labels by category and spells acronyms as Okta does', () => {
		const label = (value: string) => EVENT_TYPE_OPTIONS.find((option) => option.value === value)?.name;
		expect(label('user.lifecycle.create')).toBe('User: User Created (user.lifecycle.create)');
		expect(label('user.mfa.factor.update')).toBe('User: MFA Factor Update (user.mfa.factor.update)');
		expect(label('iam.role.create')).toBe('IAM: Role Create (iam.role.create)');
		expect(label('user.authentication.auth_via_IDP')).toBe('User: Authentication Auth via IdP (user.authentication.auth_via_IDP)');
	});
});

describe('generator', () => {
	const haveShared = existsSync(join(SHARED_DIR, 'event-hook-eligible-types.txt'));

	(haveShared ? it : it.skip)('the committed eventTypes.ts is what the generator makes from shared/okta', () => {
		const types = readFileSync(join(SHARED_DIR, 'event-hook-eligible-types.txt'), 'utf8');
		const csvPath = findCatalogCsv(SHARED_DIR);
		const expected = renderEventTypes(types, csvPath ? readFileSync(csvPath, 'utf8') : undefined);
		expect(readFileSync(TARGET, 'utf8')).toBe(expected);
	});

	it('prefers the catalog\'s full description, marks Identity Engine-only types, and de-duplicates', () => {
		const types = ['# source: test', 'device.lifecycle.deactivate\tDeactivate device. You can use the event to audit dev', 'device.lifecycle.deactivate\tagain', 'x.new_thing.happen\tA new thing happened. More.'].join('\n');
		const csv = [
			'Event Type,Description,Release Date,Tags, Change Details',
			'"device.lifecycle.deactivate","Deactivate device. You can use the event to audit device status change.","2021.07.1","device-identity, event-hook-eligible, oie-only, user",""',
		].join('\n');
		const { entries, source } = buildEntries(types, csv);
		expect(source).toBe('source: test');
		expect(entries).toEqual([
			{ name: 'Device: Device Deactivated (device.lifecycle.deactivate)', value: 'device.lifecycle.deactivate', description: 'Deactivate device (Identity Engine only)' },
			{ name: 'X: New Thing Happen (x.new_thing.happen)', value: 'x.new_thing.happen', description: 'A new thing happened' },
		]);
	});

	it('reads quoted CSV fields with commas, quotes and newlines', () => {
		expect(parseCsv('a,"b, c","d ""e""\nf"\r\n1,2,3\n')).toEqual([
			['a', 'b, c', 'd "e"\nf'],
			['1', '2', '3'],
		]);
	});

	it('keeps the first sentence, without its final period', () => {
		expect(firstSentence('create Okta user.')).toBe('Create Okta user');
		expect(firstSentence('Access request canceled. Can be used to audit')).toBe('Access request canceled');
		expect(firstSentence('No period at all')).toBe('No period at all');
	});
});

describe('System Log event type options', () => {
	it('hold every hook-eligible type and the rest of the catalog, once each, sorted by label', () => {
		const values = LOG_EVENT_TYPE_OPTIONS.map((option) => String(option.value));
		expect(new Set(values).size).toBe(values.length);
		expect(values.length).toBeGreaterThan(EVENT_TYPE_OPTIONS.length * 3);
		for (const option of EVENT_TYPE_OPTIONS) expect(values).toContain(option.value);
		const names = LOG_EVENT_TYPE_OPTIONS.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
		// Not hook-eligible, but in the System Log: the sign-on policy evaluation identity teams audit.
		expect(values).toContain('policy.evaluate_sign_on');
		expect(EVENT_TYPE_OPTIONS.map((option) => option.value)).not.toContain('policy.evaluate_sign_on');
	});

	it('give the hook list exactly the eligible types, labelled as the generator labels them', () => {
		const types = ['# source: test', 'user.session.start\tUser login to Okta.', 'x.only_eligible.happen\tOnly in the eligible list. More.'].join('\n');
		const csv = [
			'Event Type,Description,Release Date,Tags, Change Details',
			'"user.session.start","User login to Okta. More.","2019.01.0","session, event-hook-eligible",""',
			'"policy.evaluate_sign_on","Evaluation of sign-on policy. More.","2019.01.0","policy, oie-only",""',
		].join('\n');
		// Run the generated module as the build would: TypeScript to CommonJS.
		const { outputText } = transpileModule(renderEventTypes(types, csv), { compilerOptions: { module: ModuleKind.CommonJS } });
		const generated: Record<string, unknown> = {};
		new Function('exports', 'require', outputText)(generated, require);
		expect(generated.EVENT_TYPE_OPTIONS).toEqual(buildEntries(types, csv).entries);
		expect(generated.LOG_EVENT_TYPE_OPTIONS).toEqual(buildLogEntries(types, csv));
	});

	it('come from the catalog and the eligible list through the same labelling', () => {
		const types = ['# source: test', 'x.only_eligible.happen\tOnly in the eligible list. More.'].join('\n');
		const csv = [
			'Event Type,Description,Release Date,Tags, Change Details',
			'"user.session.start","User login to Okta. More.","2019.01.0","session, event-hook-eligible",""',
			'"policy.evaluate_sign_on","Evaluation of sign-on policy. More.","2019.01.0","policy, oie-only",""',
		].join('\n');
		expect(buildLogEntries(types, csv)).toEqual([
			{ name: 'Policy: Evaluate Sign On (policy.evaluate_sign_on)', value: 'policy.evaluate_sign_on', description: 'Evaluation of sign-on policy (Identity Engine only)' },
			{ name: 'User: User Signed In (user.session.start)', value: 'user.session.start', description: 'User login to Okta' },
			{ name: 'X: Only Eligible Happen (x.only_eligible.happen)', value: 'x.only_eligible.happen', description: 'Only in the eligible list' },
		]);
		expect(renderEventTypes(types, csv)).toContain('export const LOG_EVENT_TYPE_OPTIONS: INodePropertyOptions[] = [\n\t{ name: "Policy: Evaluate Sign On');
	});
});
