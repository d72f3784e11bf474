export * from './request';
export { oktaBaseUrl, oktaBaseUrlExpression, OktaDomainError } from '../shared/domain';
export { parseLinkHeader, maxPageSize } from './paginate';
export { endpointFamily, lastRateLimit, parseRateLimitHeaders, rateLimitWaitMs, RATE_LIMIT_DEFAULTS } from './rateLimit';
export { describeOktaFailure, extractHttpFailure, oktaApiError } from '../shared/errors';
