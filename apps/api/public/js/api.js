// The query endpoints of the API, with the signed-in token.
const TOKEN_KEY = 'dashboard.token';

export const getToken = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token) => sessionStorage.setItem(TOKEN_KEY, token);
export const clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code;
  }
}

/** GET /api/v1/<path> with the query's non-empty values; throws ApiError with the problem's status. */
export async function get(path, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== ''));
  const url = `/api/v1/${path}${params.size ? `?${params}` : ''}`;
  const token = getToken();
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function post(path, payload) {
  const response = await fetch(`/api/v1/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** The items of a list answer, whether it is a bare array, `{ items }`, or paged with `nextCursor`. */
export async function getAll(path, query = {}, maxPages = 50) {
  const items = [];
  let cursor;
  for (let page = 0; page < maxPages; page += 1) {
    const body = await get(path, { ...query, cursor });
    if (Array.isArray(body)) return body;
    items.push(...(body.items ?? body.claims ?? []));
    cursor = body.nextCursor ?? body.cursor?.next;
    if (!cursor) break;
  }
  return items;
}
