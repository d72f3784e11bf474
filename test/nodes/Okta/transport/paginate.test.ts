import { maxPageSize, pageSizeFor, parseLinkHeader } from '../../../../nodes/Okta/transport/paginate';
import managementSpec from '../../../sandbox/spec/okta-management.trimmed.json';

const base = 'https://dev-1.okta.com/api/v1/users';

describe('parseLinkHeader', () => {
	it('reads self and next from separate headers (as Node exposes repeated headers)', () => {
		const links = parseLinkHeader([`<${base}?limit=200>; rel="self"`, `<${base}?after=00u2&limit=200>; rel="next"`]);
		expect(links).toEqual({ self: `${base}?limit=200`, next: `${base}?after=00u2&limit=200` });
	});

	it('reads self and next from one comma-joined header', () => {
		const links = parseLinkHeader(`<${base}?limit=2>; rel="self", <${base}?after=00u9&limit=2>; rel="next"`);
		expect(links.next).toBe(`${base}?after=00u9&limit=2`);
	});

	it('never takes the after= of a self link for the next page', () => {
		const header = `<${base}?after=00uSELF&limit=200>; rel="self", <${base}?after=00uNEXT&limit=200>; rel="next"`;
		expect(parseLinkHeader(header).next).toContain('after=00uNEXT');
		expect(parseLinkHeader(`<${base}?after=00uSELF&limit=200>; rel="self"`).next).toBeUndefined();
	});

	it('handles unquoted rel, extra parameters, spacing and case', () => {
		const links = parseLinkHeader(`<${base}?a=1>;rel=self;type="application/json" ,  <${base}?after=x>; REL="next"`);
		expect(links).toEqual({ self: `${base}?a=1`, next: `${base}?after=x` });
	});

	it('keeps URLs containing commas and semicolons inside the angle brackets', () => {
		const url = `${base}?search=profile.lastName%20eq%20%22a,b%22&x=1;y`;
		expect(parseLinkHeader(`<${url}>; rel="next"`).next).toBe(url);
	});

	it('returns nothing for a missing or empty header', () => {
		expect(parseLinkHeader(undefined)).toEqual({});
		expect(parseLinkHeader('')).toEqual({});
		expect(parseLinkHeader([])).toEqual({});
	});
});

describe('maxPageSize', () => {
	it.each([
		['/api/v1/users', 200],
		['/api/v1/groups', 200],
		['/api/v1/groups/00g1/users', 1000],
		['/api/v1/devices', 200],
		['/api/v1/realms', 200],
		['/api/v1/users?search=x', 200],
	])('%s pages at %i', (path, size) => {
		expect(maxPageSize(path)).toBe(size);
	});

	it.each(['/api/v1/meta/types/user', '/api/v1/users/00u1/blocks', '/api/v1/eventHooks'])('%s is not paged', (path) => {
		expect(maxPageSize(path)).toBeUndefined();
	});
});

describe('pageSizeFor', () => {
	// Okta's own bounds for app group assignments (spec: queryGroupAssignmentLimit).
	const { minimum, maximum } = (managementSpec as unknown as { components: { parameters: Record<string, { schema: { minimum: number; maximum: number } }> } }).components.parameters.queryGroupAssignmentLimit.schema;

	it.each([
		['/api/v1/users', 5, 5],
		['/api/v1/users', 5000, 200],
		['/api/v1/apps/0oa1/groups', 5, minimum],
		['/api/v1/apps/0oa1/groups', minimum + 1, minimum + 1],
		['/api/v1/apps/0oa1/groups', 5000, maximum],
	])('%s with limit %i asks for %i', (path, limit, size) => {
		expect(pageSizeFor(path, limit)).toBe(size);
	});
});
