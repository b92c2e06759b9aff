import type { Role } from '../../../../apps/api/src/auth/roles.js';
import type { TestApp } from '../../support/test-app.js';

/** GETs under /api/v1 as a role, waiting for the read models to reach `minPosition`. */
export function reader(t: TestApp, minPosition: () => string) {
  return async (path: string, role: Role, scope: Parameters<TestApp['token']>[1] = {}) => {
    const token = await t.token(role, scope);
    return t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).set('X-Min-Position', minPosition());
  };
}
