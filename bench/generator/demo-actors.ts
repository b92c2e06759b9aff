import type { Answer, DemoClient, Scope } from './demo-client.js';

/** Who sends a command: a role and its scope, as the embedded sign-in issues them. */
export type Actor = [role: string, scope: Scope];

export const CITY: Actor = ['city_admin', {}];
export const em = (county: string): Actor => ['em_officer', { county }];
export const hrss = (county: string): Actor => ['hrss_officer', { county }];
export const enforcement = (county: string): Actor => ['enforcement_officer', { county }];
export const enterpriseAdmin = (enterprise: string): Actor => ['enterprise_admin', { enterprise }];
export const provider = (providerId: string): Actor => ['training_provider', { provider: providerId }];

export const send = (client: DemoClient, actor: Actor, path: string, body: object): Promise<Answer> => client.post(actor[0], actor[1], path, body);

/** The id a command answered with, or undefined when it was refused. */
export const idOf = (answer: Answer): string | undefined => (answer.status < 300 ? (answer.body.id as string) : undefined);
