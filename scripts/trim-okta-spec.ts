/**
 * Trims Okta's official OpenAPI specs to the paths this package uses, with every component they reference,
 * descriptions and examples stripped, and writes them to test/sandbox/spec/ for the sandbox's validator.
 * The copies are committed, so a fresh clone needs neither the full specs nor this script.
 *
 * Usage: npm run trim-spec -- [source folder] [--out <folder>] [--check]
 *   source folder  holds okta-management-<release>.yaml and okta-oauth-<release>.yaml
 *                  (default ../shared/okta/spec, beside this checkout)
 *   --out          where to write (default test/sandbox/spec)
 *   --check        write nothing; exit 1 when the committed copies differ from what the specs give
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { load } from 'js-yaml';

const args = process.argv.slice(2);
const flag = (name: string) => {
	const index = args.indexOf(name);
	return index >= 0 ? args.splice(index, 2)[1] : undefined;
};
const check = args.includes('--check');
if (check) args.splice(args.indexOf('--check'), 1);
const targetDir = resolvePath(flag('--out') ?? join(__dirname, '..', 'test', 'sandbox', 'spec'));
const sourceDir = resolvePath(args[0] ?? join(__dirname, '..', '..', 'shared', 'okta', 'spec'));
let stale = false;
const UPSTREAM = 'okta/okta-management-openapi-spec, commit fdda229e';

const MANAGEMENT_PATHS = [
	'/api/v1/users',
	'/api/v1/users/{id}',
	'/api/v1/users/{id}/groups',
	'/api/v1/users/{id}/blocks',
	'/api/v1/users/{userId}/sessions',
	'/api/v1/users/{id}/lifecycle/activate',
	'/api/v1/users/{id}/lifecycle/deactivate',
	'/api/v1/users/{id}/lifecycle/reactivate',
	'/api/v1/users/{id}/lifecycle/suspend',
	'/api/v1/users/{id}/lifecycle/unsuspend',
	'/api/v1/users/{id}/lifecycle/unlock',
	'/api/v1/users/{id}/lifecycle/reset_password',
	'/api/v1/users/{id}/lifecycle/expire_password',
	'/api/v1/users/{id}/lifecycle/expire_password_with_temp_password',
	'/api/v1/users/{id}/lifecycle/reset_factors',
	'/api/v1/groups',
	'/api/v1/groups/{groupId}',
	'/api/v1/groups/{groupId}/users',
	'/api/v1/groups/{groupId}/users/{userId}',
	'/api/v1/devices',
	'/api/v1/devices/{deviceId}',
	'/api/v1/devices/{deviceId}/lifecycle/activate',
	'/api/v1/devices/{deviceId}/lifecycle/deactivate',
	'/api/v1/devices/{deviceId}/lifecycle/suspend',
	'/api/v1/devices/{deviceId}/lifecycle/unsuspend',
	'/api/v1/realms',
	'/api/v1/realms/{realmId}',
	'/api/v1/meta/types/user',
	'/api/v1/meta/types/user/{typeId}',
	'/api/v1/eventHooks',
	'/api/v1/eventHooks/{eventHookId}',
	'/api/v1/eventHooks/{eventHookId}/lifecycle/activate',
	'/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
	'/api/v1/eventHooks/{eventHookId}/lifecycle/verify',
	// Applications and assignments (issue 18)
	'/api/v1/apps',
	'/api/v1/apps/{appId}',
	'/api/v1/apps/{appId}/lifecycle/activate',
	'/api/v1/apps/{appId}/lifecycle/deactivate',
	'/api/v1/apps/{appId}/users',
	'/api/v1/apps/{appId}/users/{userId}',
	'/api/v1/apps/{appId}/groups',
	'/api/v1/apps/{appId}/groups/{groupId}',
	'/api/v1/users/{id}/appLinks',
	'/api/v1/logs',
];
const OAUTH_PATHS = ['/oauth2/v1/authorize', '/oauth2/v1/token', '/oauth2/v1/userinfo'];
const DROP_KEYS = new Set(['description', 'example', 'examples', 'x-okta-lifecycle', 'x-codegen-request-body-name', 'summary', 'externalDocs', 'x-okta-ignore-redocly-rules-for-sdk', 'x-enumDescriptions', 'x-okta-operationId-legacy']);

type Node = Record<string, unknown>;

function strip(value: unknown, parentKey = ''): unknown {
	if (Array.isArray(value)) return value.map((entry) => strip(entry));
	if (!value || typeof value !== 'object') return value;
	const result: Node = {};
	for (const [key, child] of Object.entries(value as Node)) {
		// Inside `properties`, keys are attribute names (a property may be called "description").
		if (parentKey !== 'properties' && DROP_KEYS.has(key)) continue;
		// `nullable: false` beside a $ref says nothing, and the validator refuses `nullable` without `type`.
		if (parentKey !== 'properties' && key === 'nullable' && child === false && !('type' in (value as Node))) continue;
		// Okta's application schemas overlap (SAML 2.0 and 1.1, WS-Fed, auto-login share one shape), so a real
		// app matches several branches of the discriminated oneOf and a strict oneOf refuses every app; the
		// discriminator names the one branch, and anyOf checks the body against the branches it fits.
		if (parentKey !== 'properties' && key === 'oneOf' && 'discriminator' in (value as Node)) {
			result.anyOf = strip(child, key);
			continue;
		}
		result[key] = strip(child, key);
	}
	return result;
}

function collectRefs(value: unknown, refs: Set<string>): void {
	if (Array.isArray(value)) return value.forEach((entry) => collectRefs(entry, refs));
	if (!value || typeof value !== 'object') return;
	for (const [key, child] of Object.entries(value as Node)) {
		if (key === '$ref' && typeof child === 'string') refs.add(child);
		else collectRefs(child, refs);
	}
}

function resolve(spec: Node, ref: string): unknown {
	return ref.replace(/^#\//, '').split('/').reduce<unknown>((node, part) => (node as Node)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
}

/**
 * Values Okta sends that its spec leaves out, each with where the fact comes from, listed in the output's
 * `x-trimmed-from.added` so the copy never silently differs from upstream.
 */
function addKnownOmissions(trimmed: Node): string[] {
	const added: string[] = [];
	const tokenType = ((trimmed.components as Node)?.schemas as Node)?.TokenResponseTokenType as Node | undefined;
	if (tokenType && Array.isArray(tokenType.enum) && !tokenType.enum.includes('DPoP')) {
		// RFC 9449 §5: a DPoP-bound token is issued with token_type DPoP, as Okta does for apps that require DPoP.
		tokenType.enum.push('DPoP');
		added.push('TokenResponseTokenType: DPoP (RFC 9449 section 5)');
	}
	return added;
}

function trim(file: string, wanted: string[], out: string): void {
	const spec = load(readFileSync(join(sourceDir, file), 'utf8')) as Node;
	const paths = spec.paths as Node;
	const keptPaths: Node = {};
	for (const path of wanted) {
		if (paths[path]) keptPaths[path] = paths[path];
		else console.warn(`${file}: no path ${path}`);
	}
	const refs = new Set<string>();
	collectRefs(keptPaths, refs);
	const components: Record<string, Node> = {};
	const queue = [...refs];
	const done = new Set<string>();
	while (queue.length) {
		const ref = queue.pop()!;
		if (done.has(ref) || !ref.startsWith('#/components/')) continue;
		done.add(ref);
		const [, , section, name] = ref.split('/');
		const target = resolve(spec, ref);
		(components[section] ??= {})[name] = target;
		const nested = new Set<string>();
		collectRefs(target, nested);
		queue.push(...nested);
	}
	// AppUserUpdateRequest is a oneOf of two schemas that require nothing, so every body matches both and
	// a strict validator refuses all of them: anyOf says what the spec means (credentials, profile, or both).
	const appUserUpdate = components.schemas?.AppUserUpdateRequest as Node | undefined;
	if (appUserUpdate?.oneOf) components.schemas.AppUserUpdateRequest = { anyOf: appUserUpdate.oneOf };
	// Application._embedded.user is declared a map of objects, but the spec's own example
	// (GetApplicationsByUserResponseEx, for expand=user/{userId}) embeds one AppUser there.
	const embedded = ((components.schemas?.Application as Node | undefined)?.properties as Node | undefined)?._embedded as Node | undefined;
	if (embedded?.properties && components.schemas.AppUser) (embedded.properties as Node).user = { $ref: '#/components/schemas/AppUser' };
	const info = spec.info as Node;
	const trimmed = strip({
		openapi: spec.openapi,
		info: { title: info.title, version: info.version },
		servers: [{ url: '/' }],
		paths: keptPaths,
		components: { ...components, securitySchemes: (spec.components as Node).securitySchemes },
	}) as Node;
	// OpenAPI requires a description on every response object: keep it, emptied.
	const responseObjects = [
		...Object.values(trimmed.paths as Node).flatMap((item) => Object.values(item as Node).flatMap((operation) => Object.values(((operation as Node).responses as Node) ?? {}))),
		...Object.values(((trimmed.components as Node).responses as Node) ?? {}),
	];
	for (const response of responseObjects) if (response && typeof response === 'object' && !('$ref' in (response as Node))) (response as Node).description = '';
	const added = addKnownOmissions(trimmed);
	trimmed['x-trimmed-from'] = {
		file,
		release: info.version,
		upstream: UPSTREAM,
		by: 'scripts/trim-okta-spec.ts',
		paths: wanted.length,
		note: `Only the paths this package uses and the components they reference; removed: ${[...DROP_KEYS].join(', ')}.`,
		...(added.length ? { added } : {}),
	};
	const text = `${JSON.stringify(trimmed, null, 1)}\n`;
	const target = join(targetDir, out);
	if (check) {
		const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
		if (current !== text) stale = true;
		console.log(`${out}: ${current === text ? 'up to date' : 'OUT OF DATE'}`);
		return;
	}
	writeFileSync(target, text);
	console.log(`${out}: ${Object.keys(keptPaths).length} paths, ${done.size} components`);
}

const files = readdirSync(sourceDir);
const pick = (prefix: string) => {
	const file = files.find((name) => name.startsWith(prefix) && name.endsWith('.yaml'));
	if (!file) throw new Error(`No ${prefix}*.yaml in ${sourceDir}`);
	return file;
};
trim(pick('okta-management-'), MANAGEMENT_PATHS, 'okta-management.trimmed.json');
trim(pick('okta-oauth-'), OAUTH_PATHS, 'okta-oauth.trimmed.json');
if (stale) {
	console.error('Regenerate with: npm run trim-spec');
	process.exit(1);
}
