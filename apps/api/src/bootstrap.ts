import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { ShutdownTasks } from './shared/shutdown-tasks.js';
import { addSharedSchemas } from './http/openapi/components.js';
import { addValidationConstraints } from './http/openapi/validation-constraints.js';
import { httpMetrics } from './metrics/http-metrics.middleware.js';
import { METRICS, watchRateLimiter, type Metrics } from '#libs/runtime/metrics/metrics';
import { type AppConfig, startTracing } from '#libs/runtime';
import { REQUEST_HASHER, type RequestHasher } from './http/command-context.js';
import { createValidationPipe } from './http/validation.js';
import { PersonalDataVault } from './personal-data/personal-data-vault.js';
import { applyHttpHardening } from './http/security/http-hardening.js';
import { limitJsonDepth } from './http/security/json-depth.middleware.js';
import { requestLogger, ROUTE_TEMPLATES, type RouteTemplates } from './logging/logging.module.js';
import { ModulesContainer } from '@nestjs/core';
import { discoverRoutes } from './auth/route-catalogue.js';
import { describeRequestSpan } from './tracing/http-span.js';

export const BODY_LIMIT = '1mb';

/** Builds the Nest application; `main.ts` and the end-to-end tests share it so they test the same thing. */
export async function createApp(config: AppConfig, options: { logger?: false | ('error' | 'warn' | 'log' | 'debug')[] } = {}): Promise<NestExpressApplication> {
  // Without a logger of the caller's (tests, tools), every line is JSON through pino at LOG_LEVEL.
  const level = options.logger === undefined ? config.logLevel : options.logger === false ? 'error' : mostVerbose(options.logger);
  // Off by default: then OpenTelemetry is not even imported (tracing/tracing.ts).
  const tracing = await startTracing(config.tracing, 'safety-skills-api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ ...config, logLevel: level }, tracing), {
    bodyParser: false,
    ...(options.logger === undefined ? { bufferLogs: true } : { logger: options.logger }),
    // A store that cannot be reached throws to the caller (main prints one line; a test fails) instead of exiting the process.
    abortOnError: false,
  });
  if (options.logger === undefined) app.useLogger(app.get(PinoLogger));
  app.disable('x-powered-by');
  // First of all middleware: every answer gets its span and its log line, those the hardening and the body parser refuse too.
  if (tracing) app.use(tracing.httpMiddleware(describeRequestSpan));
  app.use(requestLogger(level, tracing));
  const vault = app.get(PersonalDataVault);
  app.set(REQUEST_HASHER, ((canonicalRequest) => vault.requestHash(canonicalRequest)) satisfies RequestHasher);
  app.use(httpMetrics(app.get<Metrics>(METRICS)));
  const limiter = applyHttpHardening(app, config.security);
  watchRateLimiter(app.get<Metrics>(METRICS), limiter);
  // The first requests are counted too: a shared limiter starts once its Redis connection is up.
  await limiter.ready?.();
  // The shared limiter's Redis connection closes with the application (a method assigned on the app would miss Nest's proxy).
  app.get(ShutdownTasks).add(() => limiter.close?.());
  // Once the server and the projector have stopped: the spans still buffered are sent, then the SDK stops.
  if (tracing) app.get(ShutdownTasks).add(() => tracing.shutdown());
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(limitJsonDepth);
  app.setGlobalPrefix('api/v1', { exclude: [...UNPREFIXED, 'api/docs', 'api/docs-json'] });
  app.set(ROUTE_TEMPLATES, routeTemplates(app));
  app.useGlobalPipes(createValidationPipe());

  const document = addValidationConstraints(addSharedSchemas(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Safety-skills action plan API (高危行业领域安全技能提升行动计划)')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  )));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  documents.set(app, document);
  return app;
}

const UNPREFIXED = ['health', 'metrics'];

/** The template of every route the application serves, for requests refused before the router matched them (logs, metrics). */
function routeTemplates(app: NestExpressApplication): RouteTemplates {
  const routes = discoverRoutes(app.get(ModulesContainer)).map((route) => {
    const template = UNPREFIXED.includes(route.path.slice(1)) ? route.path : `/api/v1${route.path}`;
    const pattern = new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`);
    return { method: route.method, template, pattern };
  });
  return (method, path) => routes.find((route) => route.method === method && route.pattern.test(path))?.template;
}

const documents = new WeakMap<NestExpressApplication, OpenAPIObject>();

/** The OpenAPI document the application serves at `/api/docs-json`. */
export function openApiDocumentOf(app: NestExpressApplication): OpenAPIObject {
  const document = documents.get(app);
  if (!document) throw new Error('not an application built by createApp');
  return document;
}

function mostVerbose(levels: ('error' | 'warn' | 'log' | 'debug')[]): AppConfig['logLevel'] {
  const all = ['error', 'warn', 'log', 'debug'] as const;
  return all[Math.max(0, ...levels.map((level) => all.indexOf(level)))]!;
}
