import type { INodeProperties } from 'n8n-workflow';

/**
 * The Okta domain a credential points at. It is the one value that decides where tokens are sent,
 * so it is validated strictly: a bare host name (org, preview or custom domain) over HTTPS, or plain
 * HTTP on loopback for the local sandbox. Paths, queries, user info, ports and IP literals are refused.
 */

const HTTPS_HOST = /^(?:https:\/\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9])\/?$/i;
const LOOPBACK_HTTP = /^(http:\/\/(?:localhost|127\.0\.0\.1)(?::[0-9]{1,5})?)\/?$/i;

export class OktaDomainError extends Error {}

/** Returns the origin (`https://dev-123.okta.com`) for a domain as users type it, or throws `OktaDomainError`. */
export function oktaBaseUrl(domain: unknown): string {
	const value = typeof domain === 'string' ? domain.trim() : '';
	if (!value) throw new OktaDomainError('The credential has no Okta domain. Enter it like dev-123456.okta.com');
	const loopback = LOOPBACK_HTTP.exec(value);
	if (loopback) return loopback[1].toLowerCase();
	const host = HTTPS_HOST.exec(value);
	if (host) return `https://${host[1].toLowerCase()}`;
	throw new OktaDomainError(
		`"${value}" is not an Okta domain. Enter only the host name, like dev-123456.okta.com, ` +
			'your-org.oktapreview.com or a custom domain such as login.example.com: no path, query, port or user name. ' +
			'Plain http:// is accepted only for localhost and 127.0.0.1.',
	);
}

/**
 * The same rule as `oktaBaseUrl`, as an n8n expression over the domain field (`$self.domain` unless given), for credential fields that
 * n8n resolves itself (OAuth2 authorize/token URLs, credential test base URL). An invalid domain resolves
 * to a host under `.invalid`, so no token or secret can ever be sent to a look-alike host.
 */
export function oktaBaseUrlExpression(field = '$self.domain'): string {
	const value = `String(${field} || '').trim()`;
	return (
		`(${LOOPBACK_HTTP}.test(${value}) ? ${value}.replace(/\\/$/, '').toLowerCase()` +
		` : ${HTTPS_HOST}.test(${value}) ? 'https://' + ${value}.replace(/^https:\\/\\//i, '').replace(/\\/$/, '').toLowerCase()` +
		` : 'https://invalid-okta-domain.invalid')`
	);
}

/** The field every Okta credential starts with: the org's host name, which `oktaBaseUrl` validates. */
export const oktaDomainProperty: INodeProperties = {
	displayName: 'Okta Domain',
	name: 'domain',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'dev-123456.okta.com',
	description: 'Your Okta org host name, e.g. dev-123456.okta.com, acme.oktapreview.com or a custom domain. No path.',
};
