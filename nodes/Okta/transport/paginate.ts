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
 * The largest page each listing allows. Users, devices and realms cap at 200. Group members default to
 * 1000 (Okta's documented default). Groups accept more per the spec, but Okta advises 200: large group
 * pages (with expand=stats) time out.
 */
const PAGE_SIZES: Array<[RegExp, number]> = [
	[/^\/api\/v1\/groups\/[^/]+\/users$/, 1000],
	[/^\/api\/v1\/users$/, 200],
	[/^\/api\/v1\/groups$/, 200],
	[/^\/api\/v1\/devices$/, 200],
	[/^\/api\/v1\/realms$/, 200],
	// Apps: 200 (spec: GET /api/v1/apps limit maximum); app users: 500 (queryAppLimit); app groups: 200 (queryGroupAssignmentLimit).
	[/^\/api\/v1\/apps$/, 200],
	[/^\/api\/v1\/apps\/[^/]+\/users$/, 500],
	[/^\/api\/v1\/apps\/[^/]+\/groups$/, 200],
	// The System Log allows up to 1000 per page (the spec's `limit`: "Integer between 0 and 1000").
	[/^\/api\/v1\/logs$/, 1000],
];

export function maxPageSize(path: string): number | undefined {
	const clean = path.split('?')[0];
	return PAGE_SIZES.find(([pattern]) => pattern.test(clean))?.[1];
}
