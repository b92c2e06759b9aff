import type { Actor } from '#libs/event-store';

/** The roles of API.md. Scope: county officers act in one county, enterprise admins in one enterprise, providers for one provider. */
export const ROLES = [
  'city_admin',
  'enterprise_admin',
  'training_provider',
  'em_officer',
  'hrss_officer',
  'enforcement_officer',
  'auditor',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** The scope claim each role needs in its token. */
export const SCOPE_CLAIM: Record<Role, 'countyCode' | 'enterpriseId' | 'providerId' | null> = {
  city_admin: null,
  enterprise_admin: 'enterpriseId',
  training_provider: 'providerId',
  em_officer: 'countyCode',
  hrss_officer: 'countyCode',
  enforcement_officer: 'countyCode',
  auditor: null,
  viewer: null,
};

export type AuthenticatedActor = Actor & { role: Role };
