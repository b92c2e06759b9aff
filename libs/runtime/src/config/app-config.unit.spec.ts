import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig: the projector lease', () => {
  it('lasts 15 s unless PROJECTOR_LEASE_MS says otherwise', () => {
    expect(loadConfig({}).projectorLeaseMs).toBe(15_000);
    expect(loadConfig({ PROJECTOR_LEASE_MS: '6000' }).projectorLeaseMs).toBe(6000);
  });

  it.each(['0', '999', '1.5', 'ten seconds', ''])('refuses PROJECTOR_LEASE_MS=%j with the variable named', (value) => {
    expect(() => loadConfig({ PROJECTOR_LEASE_MS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ PROJECTOR_LEASE_MS: value })).toThrow(/PROJECTOR_LEASE_MS/);
  });
});

describe('HOST: the address the api listens on', () => {
  it('is every interface when unset, as before', () => {
    expect(loadConfig({}).host).toBeUndefined();
  });

  it.each(['127.0.0.1', '::1', 'localhost', '10.0.0.5'])('takes %s', (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it.each(['example.com', '127.0.0.1:3000', '0.0.0.0.0'])('refuses %s at start', (host) => {
    expect(() => loadConfig({ HOST: host })).toThrow(/HOST must be an IP address or localhost/);
  });
});

describe("the projector process's metrics port", () => {
  it('is none unless PROJECTOR_METRICS_PORT names one', () => {
    expect(loadConfig({}).projectorMetricsPort).toBeUndefined();
    expect(loadConfig({ PROJECTOR_METRICS_PORT: '9464' }).projectorMetricsPort).toBe(9464);
  });

  it.each(['0', '70000', 'metrics', '94.64'])('refuses %s', (value) => {
    expect(() => loadConfig({ PROJECTOR_METRICS_PORT: value })).toThrow(/PROJECTOR_METRICS_PORT must be a port number/);
  });
});

describe("the PostgreSQL event store's connection pool", () => {
  const postgres = { EVENT_STORE: 'postgresql', POSTGRES_URL: 'postgresql://postgres@127.0.0.1:5432/events' };

  it('holds 10 connections unless POSTGRES_POOL_SIZE says otherwise', () => {
    expect(loadConfig(postgres).eventStore).toMatchObject({ kind: 'postgresql', poolSize: 10 });
    expect(loadConfig({ ...postgres, POSTGRES_POOL_SIZE: '' }).eventStore).toMatchObject({ poolSize: 10 });
    expect(loadConfig({ ...postgres, POSTGRES_POOL_SIZE: '3' }).eventStore).toMatchObject({ poolSize: 3 });
  });

  it.each(['0', '-2', '2.5', 'four', '1001'])('refuses POSTGRES_POOL_SIZE=%j at start with the variable named', (value) => {
    expect(() => loadConfig({ ...postgres, POSTGRES_POOL_SIZE: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...postgres, POSTGRES_POOL_SIZE: value })).toThrow(/POSTGRES_POOL_SIZE must be a whole number of connections/);
  });
});

describe("the shared rate limit's Redis timeout", () => {
  it('is 250 ms unless RATE_LIMIT_REDIS_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({}).security.rateLimitRedisTimeoutMs).toBe(250);
    expect(loadConfig({ RATE_LIMIT_REDIS_TIMEOUT_MS: '1000' }).security.rateLimitRedisTimeoutMs).toBe(1000);
  });

  it.each(['0', 'soon', '2.5'])('refuses RATE_LIMIT_REDIS_TIMEOUT_MS=%j at start with the variable named', (value) => {
    expect(() => loadConfig({ RATE_LIMIT_REDIS_TIMEOUT_MS: value })).toThrow(/RATE_LIMIT_REDIS_TIMEOUT_MS must be a whole number of at least 1/);
  });
});
