/**
 * The demo's HTTP side: the typed client generated from the api's OpenAPI document (`#libs/api-client`,
 * openapi-fetch), one per actor, signed in through the embedded sign-in, counting what was refused.
 */
import { createApiClient, type ApiClient, type components } from '#libs/api-client';

export type Schemas = components['schemas'];
export type Role = Schemas['DevTokenDto']['role'];

export interface Scope {
  county?: string;
  enterprise?: string;
  provider?: string;
}

/** Who sends a command: a role and its scope, as the embedded sign-in issues them. */
export type Actor = [role: Role, scope: Scope];

export class DemoClient {
  private readonly signIn: ApiClient;
  private readonly clients = new Map<string, ApiClient>();
  private readonly tokens = new Map<string, Promise<string>>();
  /** Refused commands by `METHOD path-shape status code`: realistic refusals are part of the story, and are reported. */
  readonly refused = new Map<string, number>();
  sent = 0;
  /** The highest event-store position a command answered, for a read's `X-Min-Position`. */
  position = 0n;

  constructor(readonly baseUrl: string) {
    this.signIn = createApiClient(baseUrl);
  }

  /**
   * The typed client acting as `actor`: its requests carry the actor's token (asked once from
   * `POST /api/v1/dev/tokens`, the embedded default's sign-in) and go through `send`.
   */
  as(actor: Actor): ApiClient {
    const [role, scope] = actor;
    const key = `${role}|${scope.county ?? ''}|${scope.enterprise ?? ''}|${scope.provider ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = createApiClient(this.baseUrl, {
        fetch: async (request) => {
          request.headers.set('Authorization', `Bearer ${await this.token(key, actor)}`);
          return this.send(request);
        },
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private token(key: string, [role, scope]: Actor): Promise<string> {
    let token = this.tokens.get(key);
    if (!token) {
      token = this.signIn.POST('/api/v1/dev/tokens', { body: { role, ...scope } }).then(({ data, response }) => {
        if (!data) throw new Error(`sign-in as ${role} answered ${response.status}: the demo needs the embedded default with DASHBOARD_DEV_SIGNIN not off`);
        return data.token;
      });
      this.tokens.set(key, token);
    }
    return token;
  }

  /** Sends a request; a 4xx to a command is counted and returned, anything else unexpected throws. */
  private async send(request: Request): Promise<Response> {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(request.clone());
      // A conflict that persisted through the server's retries: the demo writes in parallel, try again a little later.
      if (response.status === 409 && (await problemCode(response)) === 'concurrent_change' && attempt < 8) {
        await sleep(5 * 2 ** attempt);
        continue;
      }
      // Over the server's rate limit (a `--url` server with the default limit): wait as told, then resend.
      if (response.status === 429) {
        await sleep(Number(response.headers.get('Retry-After') ?? '1') * 1000);
        continue;
      }
      if (request.method !== 'POST') return response;
      this.sent += 1;
      const path = new URL(request.url).pathname.replace(/^\/api\/v1/, '');
      if (response.status >= 500) throw new Error(`POST ${path} answered ${response.status}: ${(await problemOf(response)).detail ?? ''}`);
      if (response.ok) {
        const { position } = (await response.clone().json().catch(() => ({}))) as { position?: string };
        if (position !== undefined && BigInt(position) > this.position) this.position = BigInt(position);
      } else if (response.status >= 400) {
        const key = `POST ${path.replace(/[0-9a-f]{32}/g, ':id')} ${response.status} ${(await problemCode(response)) ?? ''}`;
        this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
      }
      return response;
    }
  }
}

const problemOf = async (response: Response): Promise<{ code?: string; detail?: string }> => (await response.clone().json().catch(() => ({}))) as { code?: string; detail?: string };
const problemCode = async (response: Response): Promise<string | undefined> => (await problemOf(response)).code;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The id a command answered with, or undefined when it was refused. */
export const idOf = (answer: { data?: { id: string } }): string | undefined => answer.data?.id;

/** Runs `work` on every item with at most `limit` at a time. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}
