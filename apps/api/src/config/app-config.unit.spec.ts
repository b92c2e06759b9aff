import { loadConfig } from './app-config.js';

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
