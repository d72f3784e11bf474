/**
 * Trims Okta's official OpenAPI specs to the paths this package uses, with every component they reference,
 * descriptions and examples stripped, and writes them to test/sandbox/spec/ for the sandbox's validator.
 * Usage: npx tsx scripts/trim-okta-spec.ts [folder with okta-management-*.yaml and okta-oauth-*.yaml]
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const sourceDir = process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'okta', 'spec');
const targetDir = join(__dirname, '..', 'test', 'sandbox', 'spec');
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
	trimmed['x-trimmed-from'] = { file, release: info.version, upstream: UPSTREAM, by: 'scripts/trim-okta-spec.ts', paths: wanted.length };
	writeFileSync(join(targetDir, out), `${JSON.stringify(trimmed, null, 1)}\n`);
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
