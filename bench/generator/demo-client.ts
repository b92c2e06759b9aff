/** The demo's HTTP side: tokens from the embedded sign-in, POSTs that count what was refused. */
export interface Scope {
  county?: string;
  enterprise?: string;
  provider?: string;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export class DemoClient {
  private readonly tokens = new Map<string, Promise<string>>();
  /** Refused commands by `METHOD path-shape status code`: realistic refusals are part of the story, and are reported. */
  readonly refused = new Map<string, number>();
  sent = 0;

  constructor(readonly baseUrl: string) {}

  /** A token for a role and scope, asked once from `POST /api/v1/dev/tokens` (the embedded default's sign-in). */
  token(role: string, scope: Scope = {}): Promise<string> {
    const key = `${role}|${scope.county ?? ''}|${scope.enterprise ?? ''}|${scope.provider ?? ''}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = fetch(`${this.baseUrl}/api/v1/dev/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role, ...scope }) }).then(async (response) => {
        if (!response.ok) throw new Error(`sign-in as ${role} answered ${response.status}: the demo needs the embedded default with DASHBOARD_DEV_SIGNIN not off`);
        return ((await response.json()) as { token: string }).token;
      });
      this.tokens.set(key, token);
    }
    return token;
  }

  /** POSTs a command; a 4xx is counted and returned, anything else unexpected throws. */
  async post(role: string, scope: Scope, path: string, body: object): Promise<Answer> {
    const token = await this.token(role, scope);
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${this.baseUrl}/api/v1${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const answer = { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
      // A conflict that persisted through the server's retries: the demo writes in parallel, try again a little later.
      if (response.status === 409 && answer.body.code === 'concurrent_change' && attempt < 8) {
        await sleep(5 * 2 ** attempt);
        continue;
      }
      // Over the server's rate limit (a `--url` server with the default limit): wait as told, then resend.
      if (response.status === 429) {
        await sleep(Number(response.headers.get('Retry-After') ?? '1') * 1000);
        continue;
      }
      this.sent += 1;
      if (response.status >= 500) throw new Error(`POST ${path} answered ${response.status}: ${String(answer.body.detail ?? '')}`);
      if (response.status >= 400) {
        const key = `POST ${path.replace(/[0-9a-f]{32}/g, ':id')} ${response.status} ${String(answer.body.code ?? '')}`;
        this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
      }
      return answer;
    }
  }

  async get(role: string, scope: Scope, path: string): Promise<Answer> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, { headers: { Authorization: `Bearer ${await this.token(role, scope)}` } });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
