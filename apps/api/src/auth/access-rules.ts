import { ACCESS_MATRIX, type EndpointAccess } from './access-matrix.js';
import { routeKey, type DiscoveredRoute } from './route-catalogue.js';

/** The access matrix indexed by route; built once, since the guard asks on every request. */
export class AccessRules {
  private readonly byKey: Map<string, EndpointAccess>;

  constructor(readonly matrix: readonly EndpointAccess[] = ACCESS_MATRIX) {
    this.byKey = new Map(matrix.map((entry) => [routeKey(entry.method, entry.path), entry]));
    if (this.byKey.size !== matrix.length) throw new Error('The access matrix lists an endpoint twice');
  }

  find(method: string, path: string): EndpointAccess | undefined {
    return this.byKey.get(routeKey(method, path));
  }

  /**
   * Where the decorators contradict the matrix: `@Public()` on a route the matrix protects (or the reverse),
   * or `@Roles(...)` naming other roles. Routes missing from the matrix are listed apart, in `unlisted`.
   */
  check(routes: readonly DiscoveredRoute[]): { contradictions: string[]; unlisted: string[] } {
    const contradictions: string[] = [];
    const unlisted: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      const entry = this.find(route.method, route.path);
      if (!entry) {
        unlisted.push(name);
        continue;
      }
      if (Boolean(entry.public) !== route.declaredPublic) contradictions.push(`${name}: @Public() ${route.declaredPublic ? 'set' : 'missing'}, the matrix says ${entry.public ? 'public' : 'protected'}`);
      const allowed = Object.keys(entry.roles).sort();
      if (route.declaredRoles && route.declaredRoles.slice().sort().join() !== allowed.join()) {
        contradictions.push(`${name}: @Roles(${route.declaredRoles.join(', ')}), the matrix allows ${allowed.join(', ') || 'nobody'}`);
      }
    }
    return { contradictions, unlisted };
  }
}
