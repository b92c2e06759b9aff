import { Inject, Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import { type AppConfig, loadSecret, sharesStores } from '#libs/runtime';
import { findEchartsDist, findPublicDir } from './dashboard-files.js';
import { DashboardReferenceController } from './dashboard-reference.controller.js';
import { DEV_SIGNING, DevTokensController, type DevSigning } from './dev-tokens.controller.js';

/** A dashboard sign-in lasts a working day, unless the maximum token lifetime is shorter. */
const DEV_SIGNIN_SECONDS = 8 * 3600;

/**
 * The dashboard (看板): static files at `/` (outside the `api/v1` prefix, no token: the page
 * signs in itself and sends its token to the query endpoints), ECharts at `/vendor/echarts/`,
 * the reference labels, and the embedded default's sign-in (`POST /api/v1/dev/tokens`).
 */
@Module({})
export class DashboardModule implements OnModuleInit {
  private readonly logger = new Logger('dashboard');

  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  static register(config: AppConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const auth = config.auth;
    // On server stores (a deployment, several apis) the form is off unless asked for by name.
    const signInSetting = env.DASHBOARD_DEV_SIGNIN?.trim() || (sharesStores(config) ? 'off' : 'loopback');
    const devSignIn = auth.kind === 'hs256' && signInSetting !== 'off';
    return {
      module: DashboardModule,
      controllers: [DashboardReferenceController, ...(devSignIn ? [DevTokensController] : [])],
      providers:
        auth.kind === 'hs256' && devSignIn
          ? [
              {
                provide: DEV_SIGNING,
                useFactory: (): DevSigning => ({
                  secret: loadSecret(auth.secret),
                  issuer: auth.issuer,
                  from: signInSetting === 'anywhere' ? 'anywhere' : 'loopback',
                  trust: config.security.proxyTrust,
                  expiresInSeconds: Math.min(DEV_SIGNIN_SECONDS, auth.maxLifetimeSeconds),
                }),
              },
            ]
          : [],
    };
  }

  /** Runs after Nest registered its routes and before its 404 handler, so files are served and API routes win. */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as ExpressAdapter;
    const options = { index: 'index.html', fallthrough: true, maxAge: 300_000 };
    adapter.useStaticAssets(findEchartsDist(), { ...options, prefix: '/vendor/echarts' });
    adapter.useStaticAssets(findPublicDir(), options);
    this.logger.log('dashboard served at /');
  }
}
