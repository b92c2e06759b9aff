import { ReadStoreUnavailableError } from '../read-store.port.js';
import { within } from './mongodb-read-store.js';

describe('within: a read the server never answers', () => {
  it('fails as the store being unavailable once its time is up, naming what it waited for', async () => {
    const started = Date.now();
    const never = new Promise<string>(() => undefined);
    await expect(within(never, 50, 'a read')).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    await expect(within(never, 50, 'its ping')).rejects.toThrow('The read store did not answer its ping within 0.05 s.');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers what the read answered in time, and lets its own error through', async () => {
    await expect(within(Promise.resolve('doc'), 1_000, 'a read')).resolves.toBe('doc');
    await expect(within(Promise.reject(new Error('duplicate key')), 1_000, 'a read')).rejects.toThrow('duplicate key');
  });

  it('a late failure of the read after the time is up is not an unhandled rejection', async () => {
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<string>((_, reject) => (fail = reject));
    await expect(within(late, 20, 'a read')).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    fail(new Error('connection closed'));
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
