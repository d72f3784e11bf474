/**
 * Generates nodes/Okta/trigger/eventTypes.ts, both event-type lists of the package:
 * - EVENT_TYPE_OPTIONS, the Okta Event Hook Trigger's: only event-hook-eligible types;
 * - LOG_EVENT_TYPE_OPTIONS, the Okta System Log Trigger's and the System Log resource's: every type in Okta's
 *   catalog (the System Log has them all), plus any eligible type the catalog lacks.
 *
 * Sources (the steering repo's shared/okta/, next to this checkout):
 * - event-hook-eligible-types.txt: the event-hook-eligible types, "<type>\t<description>" per line, descriptions
 *   cut at 160 characters, and a "# source:" header line. This decides which types the hook list has.
 * - event-types-<release>.csv (optional): Okta's full catalog. Where it knows a type, its complete description
 *   and its tags (oie-only) are used; it is the System Log list.
 *
 * The generated file is committed, so a fresh clone builds without shared/.
 *
 * Usage:
 *   npx tsx scripts/generate-event-types.ts            write the file
 *   npx tsx scripts/generate-event-types.ts --check    exit 1 when the committed file is out of date
 *   options: --types <path to eligible list>  --csv <path to catalog CSV>
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED_DIR = join(__dirname, '..', '..', 'shared', 'okta');
export const TARGET = join(__dirname, '..', 'nodes', 'Okta', 'trigger', 'eventTypes.ts');

/** Category (first segment of the type) as users read it. */
const CATEGORIES: Record<string, string> = {
	access: 'Access',
	app: 'App',
	application: 'Application',
	certification: 'Certification',
	device: 'Device',
	entitlement: 'Entitlement',
	governance: 'Governance',
	group: 'Group',
	iam: 'IAM',
	inline_hook: 'Inline Hook',
	policy: 'Policy',
	resource: 'Resource',
	resource_servers: 'Resource Servers',
	security: 'Security',
	system: 'System',
	user: 'User',
	workload_principal: 'Workload Principal',
};

/** Words spelled other than by capitalising the first letter. */
const WORDS: Record<string, string> = {
	a2a: 'A2A',
	ad: 'AD',
	ai: 'AI',
	api: 'API',
	as: 'AS',
	id: 'ID',
	ids: 'IDs',
	idp: 'IdP',
	IDP: 'IdP',
	mcp: 'MCP',
	mfa: 'MFA',
	oauth2: 'OAuth2',
	or: 'or',
	sms: 'SMS',
	sso: 'SSO',
	with: 'with',
	by: 'by',
	via: 'via',
};

/**
 * Plain names for the events identity teams automate most, so that a search for "User created", "User added to
 * group" or "Device deactivated" finds them. The category prefix and the type stay in the label.
 */
export const FRIENDLY: Record<string, string> = {
	'user.lifecycle.create': 'User Created',
	'user.lifecycle.activate': 'User Activated',
	'user.lifecycle.deactivate': 'User Deactivated',
	'user.lifecycle.suspend': 'User Suspended',
	'user.lifecycle.unsuspend': 'User Unsuspended',
	'user.lifecycle.reactivate': 'User Reactivated',
	'user.lifecycle.delete.initiated': 'User Deleted (Deletion Initiated)',
	'user.account.lock': 'User Locked Out',
	'user.account.unlock': 'User Unlocked',
	'user.account.unlock_by_admin': 'User Unlocked by Admin',
	'user.account.update_profile': 'User Profile Updated',
	'user.account.update_password': 'User Password Changed',
	'user.account.reset_password': 'User Password Reset',
	'user.account.privilege.grant': 'User Granted Admin Privileges',
	'user.account.privilege.revoke': 'User Admin Privileges Revoked',
	'user.account.report_suspicious_activity_by_enduser': 'User Reported Suspicious Activity',
	'user.session.start': 'User Signed In',
	'user.session.end': 'User Signed Out',
	'user.session.clear': 'User Sessions Cleared',
	'user.authentication.sso': 'User Signed In to an App (SSO)',
	'user.mfa.factor.activate': 'User MFA Factor Activated',
	'user.mfa.factor.deactivate': 'User MFA Factor Deactivated',
	'user.mfa.factor.reset_all': 'User MFA Factors All Reset',
	'user.risk.detect': 'User Risk Detected',
	'user.risk.change': 'User Risk Level Changed',
	'group.user_membership.add': 'User Added to Group',
	'group.user_membership.remove': 'User Removed From Group',
	'group.lifecycle.create': 'Group Created',
	'group.lifecycle.delete': 'Group Deleted',
	'group.profile.update': 'Group Profile Updated',
	'group.application_assignment.add': 'Group Assigned to App',
	'group.application_assignment.remove': 'Group Unassigned From App',
	'group.application_assignment.update': 'Group App Assignment Updated',
	'group.privilege.grant': 'Group Granted Admin Privileges',
	'group.privilege.revoke': 'Group Admin Privileges Revoked',
	'device.enrollment.create': 'Device Enrolled',
	'device.lifecycle.activate': 'Device Activated',
	'device.lifecycle.deactivate': 'Device Deactivated',
	'device.lifecycle.suspend': 'Device Suspended',
	'device.lifecycle.unsuspend': 'Device Unsuspended',
	'device.lifecycle.delete': 'Device Deleted',
	'device.user.add': 'User Added to Device',
	'device.user.remove': 'User Removed From Device',
	'application.user_membership.add': 'User Assigned to App',
	'application.user_membership.remove': 'User Unassigned From App',
	'application.user_membership.update': 'User App Assignment Updated',
	'application.user_membership.change_password': 'User App Password Changed',
	'application.lifecycle.create': 'App Created',
	'application.lifecycle.activate': 'App Activated',
	'application.lifecycle.deactivate': 'App Deactivated',
	'application.lifecycle.delete': 'App Deleted',
	'application.lifecycle.update': 'App Updated',
	'security.breached_credential.detected': 'Breached Credential Detected',
	'system.api_token.create': 'API Token Created',
	'system.api_token.revoke': 'API Token Revoked',
	'system.import.start': 'Import Started',
	'system.import.complete': 'Import Completed',
	'system.org.rate_limit.warning': 'Org Rate Limit Warning',
	'system.org.rate_limit.violation': 'Org Rate Limit Violation',
};

export interface EventTypeEntry {
	name: string;
	value: string;
	description: string;
}

const titleWord = (word: string) => WORDS[word] ?? (word ? word.charAt(0).toUpperCase() + word.slice(1) : word);
const words = (segments: string[]) => segments.flatMap((segment) => segment.split('_')).filter(Boolean).map(titleWord).join(' ');

/** The first sentence, without its final period (n8n style), capitalised. */
export function firstSentence(text: string): string {
	const sentence = (/^(.*?[.!?])(\s|$)/.exec(text.trim())?.[1] ?? text.trim()).replace(/[.!?]+$/, '').trim();
	return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') {
				quoted = false;
			} else {
				field += char;
			}
		} else if (char === '"') {
			quoted = true;
		} else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else {
			field += char;
		}
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

type Catalog = Map<string, { description: string; tags: string[] }>;

function readCatalog(csvText?: string): Catalog {
	const catalog: Catalog = new Map();
	if (!csvText) return catalog;
	for (const [type, description, , tags] of parseCsv(csvText).slice(1)) {
		catalog.set(type.trim(), { description: description ?? '', tags: (tags ?? '').split(',').map((tag) => tag.trim()) });
	}
	return catalog;
}

function toEntry(value: string, fallbackDescription: string, catalog: Catalog): EventTypeEntry {
	const known = catalog.get(value);
	// n8n's lint rules (node-param-description-miscased-id) want "ID", as n8n's own nodes write it.
	let description = firstSentence(known?.description || fallbackDescription).replace(/\bid\b/gi, 'ID').replace(/\s{2,}/g, ' ');
	if (known?.tags.includes('oie-only')) description += ' (Identity Engine only)';
	const [category, ...tail] = value.split('.');
	const label = FRIENDLY[value] ?? words(tail);
	// n8n's lint (node-param-display-name-miscased-id) refuses a lower-case "id"/"ids" word in a label, which a type
	// such as app.office365.api.error.get.object.ids.by.group.id has: its label leaves the type out.
	const typeSuffix = /(^|\.)ids?(\.|$)/i.test(value) ? '' : ` (${value})`;
	return { name: `${CATEGORIES[category] ?? words([category])}: ${label}${typeSuffix}`, value, description };
}

/** Once per value, sorted by label (n8n shows options in the given order). */
function uniqueSorted(entries: EventTypeEntry[]): EventTypeEntry[] {
	const seen = new Set<string>();
	return entries
		.filter((entry) => {
			if (seen.has(entry.value)) return false;
			seen.add(entry.value);
			return true;
		})
		.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

function eligibleLines(eligibleText: string): { source: string; types: Array<[string, string]> } {
	const lines = eligibleText.split(/\r?\n/);
	const source = lines.find((line) => line.startsWith('# source:'))?.replace(/^#\s*/, '') ?? 'source: unknown';
	const types = lines
		.filter((line) => line.trim() && !line.startsWith('#'))
		.map((line): [string, string] => {
			const [rawType, ...rest] = line.split('\t');
			return [rawType.trim(), rest.join(' ')];
		});
	return { source, types };
}

export function buildEntries(eligibleText: string, csvText?: string): { entries: EventTypeEntry[]; source: string } {
	const catalog = readCatalog(csvText);
	const { source, types } = eligibleLines(eligibleText);
	return { entries: uniqueSorted(types.map(([value, description]) => toEntry(value, description, catalog))), source };
}

/** Every type of the catalog, and the eligible ones it does not know: what the System Log can hold. */
export function buildLogEntries(eligibleText: string, csvText?: string): EventTypeEntry[] {
	const catalog = readCatalog(csvText);
	const { types } = eligibleLines(eligibleText);
	const fromCatalog = [...catalog.keys()].filter((value) => /^[\w.]+$/.test(value)).map((value) => toEntry(value, '', catalog));
	return uniqueSorted([...fromCatalog, ...types.map(([value, description]) => toEntry(value, description, catalog))]);
}

/** An option per entry; a type the catalog describes with nothing gets no description (n8n's lint refuses empty ones). */
const renderOptions = (entries: EventTypeEntry[]) =>
	entries
		.map((entry) => `\t{ name: ${JSON.stringify(entry.name)}, value: ${JSON.stringify(entry.value)}${entry.description ? `, description: ${JSON.stringify(entry.description)}` : ''} },`)
		.join('\n');

/**
 * One list of options (the System Log's, every type) and the values that are hook-eligible; the hook list is that
 * list filtered, so each type's label and description are written once and always agree.
 */
export function renderEventTypes(eligibleText: string, csvText?: string): string {
	const { entries, source } = buildEntries(eligibleText, csvText);
	const logEntries = buildLogEntries(eligibleText, csvText);
	const eligible = entries.map((entry) => `\t${JSON.stringify(entry.value)},`).join('\n');
	return [
		'// Generated by scripts/generate-event-types.ts: do not edit by hand. Run `npm run generate:event-types`.',
		`// ${source}`,
		`// ${entries.length} event-hook-eligible event types; ${logEntries.length} event types in the System Log catalog.`,
		"import type { INodePropertyOptions } from 'n8n-workflow';",
		'',
		'/** The System Log trigger\'s and resource\'s choices: every type in Okta\'s catalog. */',
		'export const LOG_EVENT_TYPE_OPTIONS: INodePropertyOptions[] = [',
		renderOptions(logEntries),
		'];',
		'',
		'const HOOK_ELIGIBLE = new Set<string>([',
		eligible,
		']);',
		'',
		'/** The Okta Event Hook Trigger\'s choices: event-hook-eligible types only. */',
		'export const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = LOG_EVENT_TYPE_OPTIONS.filter((option) => HOOK_ELIGIBLE.has(String(option.value)));',
		'',
	].join('\n');
}

/** The newest event-types-<release>.csv next to the eligible list, if any. */
export function findCatalogCsv(dir: string): string | undefined {
	if (!existsSync(dir)) return undefined;
	const csvs = readdirSync(dir)
		.filter((file) => /^event-types-.*\.csv$/.test(file))
		.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
	return csvs.length ? join(dir, csvs[csvs.length - 1]) : undefined;
}

function argument(args: string[], name: string): string | undefined {
	const index = args.indexOf(name);
	return index >= 0 ? args[index + 1] : undefined;
}

export function main(args: string[]): number {
	const typesPath = argument(args, '--types') ?? join(SHARED_DIR, 'event-hook-eligible-types.txt');
	const csvPath = argument(args, '--csv') ?? findCatalogCsv(SHARED_DIR);
	if (!csvPath) console.warn('No event-types-<release>.csv found: the System Log list will hold only the eligible types');
	const output = renderEventTypes(readFileSync(typesPath, 'utf8'), csvPath ? readFileSync(csvPath, 'utf8') : undefined);
	if (args.includes('--check')) {
		const current = existsSync(TARGET) ? readFileSync(TARGET, 'utf8') : '';
		if (current !== output) {
			console.error(`${TARGET} is out of date: run npm run generate:event-types`);
			return 1;
		}
		console.log(`${TARGET} is up to date`);
		return 0;
	}
	writeFileSync(TARGET, output);
	console.log(`wrote ${output.split('\n')[2].replace(/^\/\/ /, '')} to ${TARGET}`);
	return 0;
}

if (require.main === module) {
	process.exitCode = main(process.argv.slice(2));
}
