import { ConfigError, loadConfig } from '../config/app-config.js';

describe('OpenTelemetry traces in the configuration', () => {
  it('are off unless OTEL_TRACES_ENABLED=true, whatever endpoint is set', () => {
    expect(loadConfig({}).tracing).toEqual({ enabled: false });
    expect(loadConfig({ OTEL_TRACES_ENABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({ enabled: false });
    expect(loadConfig({ OTEL_TRACES_ENABLED: '' }).tracing).toEqual({ enabled: false });
  });

  it('go to the OTLP/HTTP default on localhost, or to OTEL_EXPORTER_OTLP_ENDPOINT with /v1/traces, or to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given', () => {
    expect(loadConfig({ OTEL_TRACES_ENABLED: 'true' }).tracing).toEqual({ enabled: true, url: 'http://localhost:4318/v1/traces' });
    expect(loadConfig({ OTEL_TRACES_ENABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4318/' }).tracing).toEqual({
      enabled: true,
      url: 'https://collector.example:4318/v1/traces',
    });
    expect(
      loadConfig({ OTEL_TRACES_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom/traces' }).tracing,
    ).toEqual({ enabled: true, url: 'http://collector:4318/custom/traces' });
  });

  it('carry OTEL_SERVICE_NAME when it is set, and stay off with OTEL_SDK_DISABLED=true', () => {
    expect(loadConfig({ OTEL_TRACES_ENABLED: 'true', OTEL_SERVICE_NAME: 'api-county-1' }).tracing).toMatchObject({ enabled: true, serviceName: 'api-county-1' });
    expect(loadConfig({ OTEL_TRACES_ENABLED: 'true', OTEL_SDK_DISABLED: 'true' }).tracing).toEqual({ enabled: false });
  });

  it.each([
    [{ OTEL_TRACES_ENABLED: 'yes' }, /^OTEL_TRACES_ENABLED must be true or false, got "yes"$/],
    [{ OTEL_TRACES_ENABLED: '1' }, /^OTEL_TRACES_ENABLED must be true or false/],
    [{ OTEL_SDK_DISABLED: 'maybe' }, /^OTEL_SDK_DISABLED must be true or false/],
    [{ OTEL_TRACES_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http or https URL/],
    [{ OTEL_TRACES_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http or https URL/],
    [{ OTEL_TRACES_ENABLED: 'true', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http or https URL/],
    [{ OTEL_TRACES_ENABLED: 'true', OTEL_SERVICE_NAME: 'safety skills' }, /^OTEL_SERVICE_NAME must be/],
  ])('refuses %j at start, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('does not repeat an endpoint it refuses, which may carry a password', () => {
    expect(() => loadConfig({ OTEL_TRACES_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://user:s3cret@collector' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') as unknown }),
    );
  });
});
