/**
 * OpenTelemetry traces, off unless `OTEL_TRACES_ENABLED=true`. The standard OTel variables say where
 * they go (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, the
 * OTLP/HTTP default `http://localhost:4318` otherwise) and under which name (`OTEL_SERVICE_NAME`, the
 * process's own otherwise); `OTEL_SDK_DISABLED=true` turns them off whatever the rest says.
 */
export type TracingConfig =
  | { enabled: false }
  | {
      enabled: true;
      /** The OTLP/HTTP traces endpoint, in full (`…/v1/traces`). */
      url: string;
      /** `OTEL_SERVICE_NAME`; unset, each process names itself (`safety-skills-api`, `safety-skills-projector`). */
      serviceName?: string;
    };

const DEFAULT_ENDPOINT = 'http://localhost:4318';

export function loadTracingConfig(env: NodeJS.ProcessEnv, refuse: (message: string) => Error): TracingConfig {
  const enabled = flag(env, 'OTEL_TRACES_ENABLED', refuse);
  const sdkDisabled = flag(env, 'OTEL_SDK_DISABLED', refuse);
  if (!enabled || sdkDisabled) return { enabled: false };
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const url = tracesEndpoint
    ? httpUrl(tracesEndpoint, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', refuse)
    : `${httpUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || DEFAULT_ENDPOINT, 'OTEL_EXPORTER_OTLP_ENDPOINT', refuse).replace(/\/+$/, '')}/v1/traces`;
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  if (serviceName !== undefined && serviceName !== '' && !/^[\x21-\x7e]{1,255}$/.test(serviceName)) {
    throw refuse('OTEL_SERVICE_NAME must be up to 255 printable ASCII characters without spaces');
  }
  return { enabled: true, url, ...(serviceName ? { serviceName } : {}) };
}

function flag(env: NodeJS.ProcessEnv, name: string, refuse: (message: string) => Error): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw refuse(`${name} must be true or false, got "${env[name]}"`);
}

/** An http(s) URL; the value is not repeated in the refusal, since a URL may carry a password. */
function httpUrl(value: string, name: string, refuse: (message: string) => Error): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw refuse(`${name} must be an http or https URL, such as http://collector:4318`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refuse(`${name} must be an http or https URL, such as http://collector:4318`);
  return value;
}
