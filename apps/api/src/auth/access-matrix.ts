import type { Role } from './roles.js';

/**
 * How a role's access to an endpoint is narrowed to the resource; checked in the handler, since only
 * the handler knows the resource (its stream says which county, enterprise or provider it belongs to).
 * - `none`: anywhere in the city;
 * - `county`: the resource is in the actor's county;
 * - `enterprise`: the resource belongs to the actor's enterprise (employer, owner);
 * - `provider`: the resource belongs to the actor's training provider;
 * - `own_claim`: the subsidy claim's claimant is the actor's enterprise or provider.
 */
export type ScopeRule = 'none' | 'county' | 'enterprise' | 'provider' | 'own_claim';

export type HttpMethod = 'GET' | 'POST';

export interface EndpointAccess {
  method: HttpMethod;
  /** Under `/api/v1` (except the few routes outside it), with `:name` for path parameters. */
  path: string;
  /** No token needed. */
  public?: true;
  /** The roles allowed, each with its scope rule; every other role is refused with 403 by the AuthGuard. */
  roles: Partial<Record<Role, ScopeRule>>;
  /** A collection whose results the scope narrows; naming a county outside it is 403. */
  collection?: true;
}

const COUNTY_OFFICERS = { em_officer: 'county', hrss_officer: 'county', enforcement_officer: 'county' } as const;

/**
 * Who may call what (最小权限): the one list the AuthGuard enforces. A route that is not here is
 * refused to everyone, and `test/security/access-matrix.e2e.spec.ts` fails naming it.
 */
export const ACCESS_MATRIX: readonly EndpointAccess[] = [
  // Public: the probe of the load balancer, the dashboard's labels and its embedded-mode sign-in.
  { method: 'GET', path: '/health', public: true, roles: {} },
  // Prometheus scraping: the controller checks METRICS_TOKEN or the loopback peer itself.
  { method: 'GET', path: '/metrics', public: true, roles: {} },
  { method: 'GET', path: '/dashboard/reference', public: true, roles: {} },
  { method: 'POST', path: '/dev/tokens', public: true, roles: {} },

  { method: 'POST', path: '/enterprises', roles: { city_admin: 'none', em_officer: 'county' } },
  { method: 'POST', path: '/enterprises/:id/training-plans', roles: { enterprise_admin: 'enterprise' } },
  { method: 'POST', path: '/enterprises/:id/summaries', roles: { enterprise_admin: 'enterprise' } },
  { method: 'POST', path: '/training-providers', roles: { city_admin: 'none', em_officer: 'county' } },

  { method: 'POST', path: '/workers', roles: { enterprise_admin: 'enterprise' } },
  { method: 'POST', path: '/workers/:id/employment-end', roles: { enterprise_admin: 'enterprise' } },
  { method: 'POST', path: '/workers/:id/posts', roles: { enterprise_admin: 'enterprise' } },
  { method: 'POST', path: '/workers/:id/posts/:postId/end', roles: { enterprise_admin: 'enterprise' } },
  { method: 'POST', path: '/workers/:id/exams', roles: { training_provider: 'provider', enterprise_admin: 'enterprise', em_officer: 'county' } },
  { method: 'POST', path: '/workers/:id/education', roles: { enterprise_admin: 'enterprise', city_admin: 'none' } },
  { method: 'POST', path: '/workers/:id/erasure', roles: { city_admin: 'none' } },
  { method: 'POST', path: '/workers/:id/name', roles: { city_admin: 'none' } },

  { method: 'POST', path: '/training-classes', roles: { training_provider: 'provider', enterprise_admin: 'enterprise' } },
  { method: 'POST', path: '/training-classes/:id/trainees', roles: { training_provider: 'provider', enterprise_admin: 'enterprise' } },
  { method: 'POST', path: '/training-classes/:id/completions', roles: { training_provider: 'provider', enterprise_admin: 'enterprise' } },

  { method: 'POST', path: '/certificates', roles: { em_officer: 'county', training_provider: 'provider' } },
  { method: 'POST', path: '/certificates/:id/reviews', roles: { em_officer: 'county' } },
  { method: 'POST', path: '/certificates/:id/revocation', roles: { em_officer: 'county' } },

  { method: 'POST', path: '/subsidy-claims', roles: { enterprise_admin: 'own_claim', training_provider: 'own_claim' } },
  { method: 'POST', path: '/subsidy-claims/:id/verification', roles: { em_officer: 'county' } },
  { method: 'POST', path: '/subsidy-claims/:id/approval', roles: { hrss_officer: 'county' } },
  { method: 'POST', path: '/subsidy-claims/:id/rejection', roles: { em_officer: 'county', hrss_officer: 'county' } },
  { method: 'POST', path: '/subsidy-claims/:id/payment', roles: { hrss_officer: 'county' } },
  { method: 'POST', path: '/subsidy-claims/:id/clawback', roles: { hrss_officer: 'county' } },

  { method: 'POST', path: '/inspections', roles: { enforcement_officer: 'county' } },
  { method: 'POST', path: '/inspections/:id/findings/:findingId/confirmation', roles: { enforcement_officer: 'county' } },
  { method: 'POST', path: '/inspections/:id/findings/:findingId/dismissal', roles: { enforcement_officer: 'county' } },
  { method: 'POST', path: '/inspections/:id/closure', roles: { enforcement_officer: 'county' } },
  { method: 'POST', path: '/inspections/:id/rectification-orders', roles: { enforcement_officer: 'county' } },
  { method: 'POST', path: '/rectification-orders/:id/completion', roles: { enforcement_officer: 'county' } },

  { method: 'POST', path: '/counties/:code/implementation-plans', roles: { city_admin: 'none', em_officer: 'county' } },
  { method: 'POST', path: '/counties/:code/summaries', roles: { city_admin: 'none', em_officer: 'county' } },
  { method: 'POST', path: '/demonstration-sites', roles: { city_admin: 'none' } },

  {
    method: 'GET',
    path: '/workers/:id',
    roles: { city_admin: 'none', enterprise_admin: 'enterprise', training_provider: 'provider', ...COUNTY_OFFICERS, auditor: 'none' },
  },
  { method: 'GET', path: '/workers/:id/certification', roles: { enforcement_officer: 'county', em_officer: 'county', auditor: 'none' } },
  {
    method: 'GET',
    path: '/training-classes/:id',
    roles: { city_admin: 'none', enterprise_admin: 'enterprise', training_provider: 'provider', ...COUNTY_OFFICERS, auditor: 'none' },
  },
  {
    method: 'GET',
    path: '/subsidy-claims',
    collection: true,
    roles: { enterprise_admin: 'own_claim', training_provider: 'own_claim', ...COUNTY_OFFICERS, auditor: 'none' },
  },
  { method: 'GET', path: '/subsidy-claims/:id', roles: { enterprise_admin: 'own_claim', training_provider: 'own_claim', ...COUNTY_OFFICERS, auditor: 'none' } },
  { method: 'GET', path: '/subsidy-claims/:id/history', roles: { ...COUNTY_OFFICERS, auditor: 'none' } },
  { method: 'GET', path: '/subsidy-claims/:id/history/export', roles: { ...COUNTY_OFFICERS, auditor: 'none' } },
  {
    method: 'GET',
    path: '/compliance',
    collection: true,
    roles: { city_admin: 'none', enterprise_admin: 'enterprise', ...COUNTY_OFFICERS, auditor: 'none', viewer: 'none' },
  },
  { method: 'GET', path: '/enterprises/:id/compliance', roles: { city_admin: 'none', enterprise_admin: 'enterprise', ...COUNTY_OFFICERS, auditor: 'none' } },
  {
    method: 'GET',
    path: '/milestones',
    roles: { city_admin: 'none', enterprise_admin: 'none', training_provider: 'none', em_officer: 'none', hrss_officer: 'none', enforcement_officer: 'none', auditor: 'none', viewer: 'none' },
  },
  { method: 'GET', path: '/audit-trail', roles: { auditor: 'none' } },
  { method: 'GET', path: '/inspections/:id', roles: { city_admin: 'none', em_officer: 'county', enforcement_officer: 'county', auditor: 'none' } },
  {
    method: 'GET',
    path: '/rectification-orders',
    collection: true,
    roles: { city_admin: 'none', em_officer: 'county', enforcement_officer: 'county', auditor: 'none' },
  },
];
