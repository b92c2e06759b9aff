import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiQueryResponses } from '../http/openapi/api-responses.js';
import { QUERY_SCHEMAS } from '../http/openapi/query-schemas.js';
import type { EventStore, StoreHealth } from '#libs/event-store';
import type { Projector } from '#libs/projections';
import type { ReadStore, ReadStoreHealth } from '#libs/read-store';
import { Public } from '../auth/auth.decorators.js';
import { TOKEN_VERIFIER } from '../auth/auth.guard.js';
import { authenticate } from '../auth/request-authentication.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { EVENT_STORE } from '../infrastructure/stores.module.js';
import { RATE_LIMITER } from '../http/security/http-hardening.js';
import type { RateLimiter } from '../http/security/token-bucket-limiter.js';
import { PROJECTOR, READ_STORE } from '../read-models/shared/read-model.tokens.js';

interface ProjectorHealth {
  mode: 'embedded' | 'external';
  /** Per projection version: the position applied and how far behind the store's last event. */
  lag?: Array<{ projection: string; version: number; active: boolean; applied: string | null; behind: string; caughtUp: boolean; failures: number; lastError: string | null }>;
}

/** Who may see the stores' adapters, errors and lags: the operators; anyone else hears up or down. */
const SEES_DETAIL = new Set(['city_admin', 'auditor']);

interface HealthDetail {
  eventStore: StoreHealth;
  readStore: ReadStoreHealth;
  projector: ProjectorHealth;
  /** Where the rate limit's buckets are and whether that store answers (without it, requests are not limited). */
  rateLimit: { store: 'memory' | 'redis'; up: boolean };
}

const unreachable = (adapter: string, error: unknown) => ({ ok: false, adapter, detail: error instanceof Error ? error.message : 'unreachable' });

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTOR) private readonly projector: Projector | null,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: "Whether the stores are reachable (200) or not (503); with a city_admin or auditor token, each store, the projector lag and the rate limit's store",
  })
  @ApiQueryResponses(QUERY_SCHEMAS.health, { public: true, minPosition: false, codes: { 400: [] } })
  @ApiResponse({ status: 503, description: 'A store is unreachable (the same body, `status: unavailable`), or `X-Min-Position` was not reached.', content: { 'application/json': { schema: QUERY_SCHEMAS.health }, 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } })
  async health(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' | 'unavailable' } & Partial<HealthDetail>> {
    const [eventStore, readStore] = await Promise.all([
      this.eventStore.health().catch((error: unknown): StoreHealth => unreachable(this.eventStore.adapter, error)),
      this.readStore.health().catch((error: unknown): ReadStoreHealth => unreachable(this.readStore.adapter, error)),
    ]);
    const ok = eventStore.ok && readStore.ok;
    response.status(ok ? 200 : 503);
    const status = ok ? 'ok' : 'unavailable';
    // Paths, adapters and error messages help an attacker more than a load balancer: an anonymous caller hears up or down.
    const authentication = await authenticate(request, this.verifier);
    if (authentication.kind !== 'actor' || !SEES_DETAIL.has(authentication.actor.role)) return { status };
    return { status, eventStore, readStore, projector: await this.projectorHealth(), rateLimit: this.limiter.state() };
  }

  private async projectorHealth(): Promise<ProjectorHealth> {
    if (!this.projector) return { mode: 'external' };
    const status = new Map(this.projector.status().map((s) => [`${s.projection}_v${s.version}`, s]));
    const lag = await this.projector.lag().catch(() => []);
    return {
      mode: 'embedded',
      lag: lag.map((l) => {
        const s = status.get(`${l.projection}_v${l.version}`);
        return {
          projection: l.projection,
          version: l.version,
          active: l.active,
          applied: l.applied?.toString() ?? null,
          behind: l.behind.toString(),
          caughtUp: l.caughtUp,
          failures: s?.failures ?? 0,
          lastError: s?.lastError ?? null,
        };
      }),
    };
  }
}
