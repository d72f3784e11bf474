/**
 * What to do about an Okta error, by error code first and HTTP status second. The code says more than the
 * status: a 403 is E0000006 (a missing scope or admin permission) or E0000038 (the user's status forbids the
 * action), and each needs a different fix.
 *
 * Sources: Okta's error code reference (developer.okta.com/docs/reference/error-codes/) for what each code
 * means and its status; the management spec's examples (okta-management-2026.06.3.yaml, responses of the
 * /api/v1/users, groups, devices, realms, meta/types/user and eventHooks paths) for E0000001, E0000006,
 * E0000007, E0000028, E0000047, E0000093, E0000124 and E0000125 on the paths this package calls; the
 * lifecycle operations' descriptions in that spec for which status each action needs (E0000038).
 */

export const ERROR_CODE_HINTS: Readonly<Record<string, string>> = {
	E0000001:
		'Okta refused a value or a precondition of this call: the causes name each field and the reason (a login or group name already taken, a malformed email, an attribute the profile schema lacks, or an action the object is not ready for)',
	E0000003: 'The request body was not valid JSON when it reached Okta: check expressions that build JSON, and any proxy between n8n and Okta',
	E0000006:
		'The credential may not do this: an OAuth token lacks the scope (see the credential\'s scopes), or the admin role behind the API token or service app lacks the permission, or the object cannot be changed through the API (an APP_GROUP, the default user type)',
	E0000007: 'No object with this ID or login exists in this Okta org: it may have been deleted, or the ID belongs to another org or another kind of object',
	E0000008: 'This Okta org has no such API path: check the Okta domain (no -admin host, no path), and that the feature (realms, devices) is enabled for the org',
	E0000009: 'Okta had an internal error: try again later, and give Okta support the error id if it persists',
	E0000010: 'Okta is in read-only mode (maintenance): changes are refused for now, reads still work. Try again later',
	E0000011: 'Okta did not accept the token: it is expired, revoked, or from another Okta org than the domain in the credential',
	E0000012: 'Okta expects JSON: a proxy between n8n and Okta changed the request\'s content type',
	E0000014:
		'Okta could not change the user\'s credentials: the new password breaks the password policy (length, complexity, history, minimum age), or the user\'s provider (Federation, Social, AD/LDAP) owns the password',
	E0000016: 'The user is already active: there is nothing to activate. Use Reactivate for a PROVISIONED user who never finished activation',
	E0000017: 'Okta could not reset the password: the user\'s status or provider does not allow it (a deactivated user, or one whose password a directory or identity provider owns)',
	E0000022: 'Okta does not support this HTTP method on this path',
	E0000028: 'A required parameter is missing from the request',
	E0000031: 'Okta could not parse the search or filter expression: check quoting ("value" in double quotes), the operator (eq, sw, co, gt, lt, pr) and the attribute name',
	E0000032: 'The user is not locked out, so there is nothing to unlock (Unlock applies to LOCKED_OUT users only)',
	E0000038:
		'The user\'s current status does not allow this action: check the status with User > Get first (Suspend needs ACTIVE, so a STAGED user must be activated first; Unsuspend needs SUSPENDED; Activate needs STAGED or DEPROVISIONED; Reactivate needs PROVISIONED or RECOVERY)',
	E0000041: 'Credentials cannot be set for this user: their provider (Federation, Social) does not use Okta passwords or recovery questions',
	E0000047: 'Okta\'s rate limit for this endpoint was exceeded: lower the node\'s concurrency, spread the job over time, or ask Okta for a higher limit',
	E0000093: 'Too many targets in one request: split the list into smaller batches',
	E0000124: 'To create a user whose password expires at once (Force Password Change at First Sign-In), also give a Password',
	E0000125: 'To create a user whose password expires at once (Force Password Change at First Sign-In), choose Activation "Activate Now"',
};

export const STATUS_HINTS: Readonly<Record<number, string>> = {
	400: 'Okta rejected the request as invalid',
	401: 'Okta did not accept the credential (expired or revoked token, or wrong domain)',
	403: 'Okta refused the request: the token lacks the scope, or the admin role lacks the permission',
	404: 'Okta found no such object',
	405: 'Okta does not allow this method here',
	409: 'Okta reports a conflict',
	415: 'Okta expects JSON',
	429: 'Okta rate limit exceeded',
	500: 'Okta had an internal error',
	502: 'Okta (or a proxy in front of it) answered with a bad gateway',
	503: 'Okta is temporarily unavailable',
	504: 'Okta (or a proxy in front of it) timed out',
};

/** The hint for an Okta error: the error code's when known, else the HTTP status's. */
export function errorHint(status: number | undefined, errorCode: string | undefined): string | undefined {
	return (errorCode ? ERROR_CODE_HINTS[errorCode] : undefined) ?? (status ? STATUS_HINTS[status] : undefined);
}
