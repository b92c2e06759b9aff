import type { Actor } from './demo-client.js';

export type { Actor } from './demo-client.js';

export const CITY: Actor = ['city_admin', {}];
export const em = (county: string): Actor => ['em_officer', { county }];
export const hrss = (county: string): Actor => ['hrss_officer', { county }];
export const enforcement = (county: string): Actor => ['enforcement_officer', { county }];
export const enterpriseAdmin = (enterprise: string): Actor => ['enterprise_admin', { enterprise }];
export const provider = (providerId: string): Actor => ['training_provider', { provider: providerId }];
