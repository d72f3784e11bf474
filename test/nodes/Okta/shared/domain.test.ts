import { oktaBaseUrl, OktaDomainError, oktaBaseUrlExpression } from '../../../../nodes/Okta/shared/domain';

/** Evaluates the credential-field expression the way n8n would, with `$self` bound to the credential data. */
function evaluateExpression(domain: unknown): string {
	// eslint-disable-next-line @typescript-eslint/no-implied-eval
	return new Function('$self', `return ${oktaBaseUrlExpression()};`)({ domain }) as string;
}

const accepted: Array<[string, string]> = [
	['dev-123.okta.com', 'https://dev-123.okta.com'],
	['https://dev-123.okta.com/', 'https://dev-123.okta.com'],
	['  https://Dev-123.OKTA.com  ', 'https://dev-123.okta.com'],
	['acme.oktapreview.com', 'https://acme.oktapreview.com'],
	['acme.okta-emea.com', 'https://acme.okta-emea.com'],
	['login.example.co.uk', 'https://login.example.co.uk'],
	['http://localhost:8443', 'http://localhost:8443'],
	['http://127.0.0.1:51234/', 'http://127.0.0.1:51234'],
	['http://localhost', 'http://localhost'],
];

const refused = [
	'',
	'dev-123.okta.com/oauth2/default',
	'https://dev-123.okta.com/api/v1',
	'dev-123.okta.com?x=1',
	'dev-123.okta.com#frag',
	'user@dev-123.okta.com',
	'https://evil.com@dev-123.okta.com',
	'dev-123.okta.com:8443',
	'https://dev-123.okta.com:443',
	'http://dev-123.okta.com',
	'http://10.0.0.1:8080',
	'https://127.0.0.1',
	'http://127.0.0.2',
	'http://localhost.evil.com',
	'http://localhost:8443/path',
	'https://192.168.1.10',
	'ftp://dev-123.okta.com',
	'dev-123',
	'dev 123.okta.com',
	'dev-123.okta.com\r\nHost: evil',
	'https://[::1]',
	'javascript:alert(1)',
	'https://8.8.8.8',
	'http://0x7f.0.0.1',
	'http://2130706433',
	'http://[::ffff:127.0.0.1]',
	'https://dev-123.okta.com\\@evil.com',
	'https://evil.com%2F@dev-123.okta.com',
	'https://dev-123.okta.com%2F..%2F@evil.com',
	'https://\uFF45vil.com',
	'dev-123.okta.com\u0000.evil.com',
	'https://dev-123.okta.com\u2024evil.com',
];

describe('oktaBaseUrl', () => {
	it.each(accepted)('accepts %j as %s', (input, expected) => {
		expect(oktaBaseUrl(input)).toBe(expected);
	});

	it.each(refused)('refuses %j with a message naming the rule', (input) => {
		expect(() => oktaBaseUrl(input)).toThrow(OktaDomainError);
		expect(() => oktaBaseUrl(input)).toThrow(/Okta domain|not an Okta domain/);
	});

	it('refuses non-strings', () => {
		expect(() => oktaBaseUrl(undefined)).toThrow(OktaDomainError);
		expect(() => oktaBaseUrl(42)).toThrow(OktaDomainError);
	});
});

describe('oktaBaseUrlExpression (credential fields resolved by n8n)', () => {
	it.each(accepted)('resolves %j exactly like oktaBaseUrl', (input, expected) => {
		expect(evaluateExpression(input)).toBe(expected);
	});

	it.each(refused)('sends nothing to a look-alike host for %j', (input) => {
		expect(evaluateExpression(input)).toBe('https://invalid-okta-domain.invalid');
	});
});
