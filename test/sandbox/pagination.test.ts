import { startSandbox, type Sandbox } from './index';
import { call, nextLink } from './testClient';

/** Okta's cursor pagination: limit/after, self and next as separate Link headers, limits and defaults. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ seed: { users: 1250, groups: 3 } });
});
afterAll(async () => await sandbox.close());

const get = async (url: string) => {
	const response = await fetch(url, { headers: { authorization: `SSWS ${sandbox.apiToken}` } });
	return { response, body: (await response.json()) as Array<{ id: string }> };
};

it('sends self and next as two separate Link headers, next carrying after = the last id', async () => {
	const { response, body } = await get(`${sandbox.baseUrl}/api/v1/users?limit=200`);
	const links = response.headers.get('link')!.split(', ');
	expect(links).toHaveLength(2);
	expect(links[0]).toBe(`<${sandbox.baseUrl}/api/v1/users?limit=200>; rel="self"`);
	expect(links[1]).toMatch(/rel="next"$/);
	const next = new URL(nextLink(response.headers)!);
	expect(next.searchParams.get('after')).toBe(body[199].id);
	expect(next.searchParams.get('limit')).toBe('200');
});

it('repeats the current page\'s after in the self link, so the first after= in the header is not the next cursor', async () => {
	const first = await get(`${sandbox.baseUrl}/api/v1/users?limit=200`);
	const next = nextLink(first.response.headers)!;
	const second = await get(next);
	const [self, following] = second.response.headers.get('link')!.split(', ');
	expect(self).toBe(`<${next}>; rel="self"`);
	expect(new URL(/<([^>]+)>/.exec(self)![1]).searchParams.get('after')).toBe(first.body[199].id);
	expect(new URL(/<([^>]+)>/.exec(following)![1]).searchParams.get('after')).toBe(second.body[199].id);
});

it('walks every user exactly once, and the last page has no next link', async () => {
	const seen = new Set<string>();
	let url: string | undefined = `${sandbox.baseUrl}/api/v1/users?limit=200`;
	let pages = 0;
	while (url) {
		const { response, body } = await get(url);
		for (const user of body) {
			expect(seen.has(user.id)).toBe(false);
			seen.add(user.id);
		}
		pages++;
		url = nextLink(response.headers);
		if (!url) expect(response.headers.get('link')).toMatch(/rel="self"$/);
	}
	expect(seen.size).toBe(1250);
	expect(pages).toBe(7);
});

it('defaults to 200 users and never gives more than 200', async () => {
	expect((await get(`${sandbox.baseUrl}/api/v1/users`)).body).toHaveLength(200);
	expect((await get(`${sandbox.baseUrl}/api/v1/users?limit=500`)).body).toHaveLength(200);
	expect((await get(`${sandbox.baseUrl}/api/v1/users?limit=3`)).body).toHaveLength(3);
});

it('does not page q searches', async () => {
	const { response } = await get(`${sandbox.baseUrl}/api/v1/users?q=a&limit=2`);
	expect(response.headers.get('link')).not.toContain('rel="next"');
});

it('pages search results with the search kept in the next link', async () => {
	const search = encodeURIComponent('profile.department eq "IT"');
	const first = await get(`${sandbox.baseUrl}/api/v1/users?search=${search}&limit=100`);
	const next = nextLink(first.response.headers)!;
	expect(new URL(next).searchParams.get('search')).toBe('profile.department eq "IT"');
	const second = await get(next);
	expect(second.body[0].id).not.toBe(first.body[0].id);
	expect(first.body.length + second.body.length).toBeLessThanOrEqual(250);
});

it('pages group members at 1000 by default', async () => {
	const everyone = [...sandbox.state.groups.values()].find((group) => group.type === 'BUILT_IN')!;
	const first = await get(`${sandbox.baseUrl}/api/v1/groups/${everyone.id}/users`);
	expect(first.body).toHaveLength(1000);
	const second = await get(nextLink(first.response.headers)!);
	expect(second.body).toHaveLength(250);
	expect(nextLink(second.response.headers)).toBeUndefined();
});

it('pages groups, and pages counted groups\' members', async () => {
	const groups = await call(sandbox, 'GET', '/api/v1/groups?limit=2');
	expect(groups.body).toHaveLength(2);
	const rest = await call(sandbox, 'GET', nextLink(groups.headers)!.replace(sandbox.baseUrl, ''));
	expect(rest.body).toHaveLength(2);
	expect(nextLink(rest.headers)).toBeUndefined();
	const group = [...sandbox.state.groups.values()].find((entry) => entry.type === 'OKTA_GROUP')!;
	const members = await call(sandbox, 'GET', `/api/v1/groups/${group.id}/users?limit=200`);
	expect(members.body).toHaveLength(200);
	expect(nextLink(members.headers)).toBeDefined();
});
