/**
 * Okta pages with a cursor in the `Link` header. `self` and `next` may come as separate headers or joined
 * with commas, and `self` can itself carry `after=`, so the next page is only ever the URL marked rel="next".
 */

export function parseLinkHeader(header: string | string[] | undefined): Record<string, string> {
	const links: Record<string, string> = {};
	if (!header) return links;
	const joined = Array.isArray(header) ? header.join(', ') : header;
	const linkPattern = /<([^>]*)>((?:\s*;\s*[^;,<]+)*)/g;
	for (const match of joined.matchAll(linkPattern)) {
		const [, url, params] = match;
		const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(params ?? '');
		if (!rel) continue;
		for (const name of rel[1].trim().split(/\s+/)) links[name.toLowerCase()] = url;
	}
	return links;
}

/**
 * The largest page each listing allows, and for some the smallest. Users, devices and realms cap at 200.
 * Group members default to 1000 (Okta's documented default). Groups accept more per the spec, but Okta advises
 * 200: large group pages (with expand=stats) time out.
 */
const PAGE_SIZES: Array<{ pattern: RegExp; max: number; min?: number }> = [
	{ pattern: /^\/api\/v1\/groups\/[^/]+\/users$/, max: 1000 },
	{ pattern: /^\/api\/v1\/users$/, max: 200 },
	{ pattern: /^\/api\/v1\/groups$/, max: 200 },
	{ pattern: /^\/api\/v1\/devices$/, max: 200 },
	{ pattern: /^\/api\/v1\/realms$/, max: 200 },
	// Apps: 200 (spec: GET /api/v1/apps limit maximum); app users: 500 (queryAppLimit); app groups: 20 to 200
	// (queryGroupAssignmentLimit: a smaller limit is refused with 400).
	{ pattern: /^\/api\/v1\/apps$/, max: 200 },
	{ pattern: /^\/api\/v1\/apps\/[^/]+\/users$/, max: 500 },
	{ pattern: /^\/api\/v1\/apps\/[^/]+\/groups$/, max: 200, min: 20 },
	// The System Log allows up to 1000 per page (the spec's `limit`: "Integer between 0 and 1000").
	{ pattern: /^\/api\/v1\/logs$/, max: 1000 },
];

function pageSizesOf(path: string): { max: number; min?: number } | undefined {
	const clean = path.split('?')[0];
	return PAGE_SIZES.find(({ pattern }) => pattern.test(clean));
}

export function maxPageSize(path: string): number | undefined {
	return pageSizesOf(path)?.max;
}

/** The page to ask for when only `limit` items are wanted: no more than the listing allows, no fewer than it accepts. */
export function pageSizeFor(path: string, limit: number): number | undefined {
	const sizes = pageSizesOf(path);
	if (!sizes) return undefined;
	return Math.max(Math.min(limit, sizes.max), sizes.min ?? 1);
}
