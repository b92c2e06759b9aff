import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventStore, StoreHealth } from '#libs/event-store';
import { Public } from '../auth/auth.decorators.js';
import { EVENT_STORE } from '../infrastructure/stores.module.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Whether the stores are reachable (200) or not (503)' })
  async health(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' | 'unavailable'; eventStore: StoreHealth }> {
    const eventStore = await this.eventStore.health().catch((error: unknown): StoreHealth => ({
      ok: false,
      adapter: this.eventStore.adapter,
      detail: error instanceof Error ? error.message : 'unreachable',
    }));
    const ok = eventStore.ok;
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', eventStore };
  }
}
