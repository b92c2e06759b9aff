/**
 * What the api and the projector share to run: configuration and secrets, problem answers, client
 * addresses, logging redaction, metrics access and tracing. Heavier parts are imported by path
 * (`#libs/runtime/config/startup-checks`, `…/config/deployment-fingerprint`, `…/metrics/metrics`,
 * `…/tracing/traced-stores`), so that a process checks its settings before loading the stores' drivers.
 */
export * from './config/app-config.js';
export * from './config/secrets.js';
export * from './http/security-config.js';
export * from './http/client-address.js';
export * from './http/problem.js';
export * from './tracing/tracing-config.js';
export * from './tracing/tracing.js';
export * from './metrics/metrics-access.js';
export * from './shared/around-methods.js';
export * from './logging/redaction.js';
export * from './reference/load-reference-data.js';
