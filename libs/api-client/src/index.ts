import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** The typed client of the api, generated from its OpenAPI document (`npm run client:generate`). */
export type ApiClient = Client<paths>;

/**
 * A client for the api at `baseUrl` (e.g. `http://localhost:3000`), signing every request with the
 * bearer token when one is given. Answers carry `data` (the declared success body) or `error` (the
 * problem+json body), typed from the document.
 */
export function createApiClient(baseUrl: string, options: { token?: string; fetch?: (request: Request) => Promise<Response> } = {}): ApiClient {
  return createClient<paths>({
    baseUrl,
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
