import { sleep } from './api-process.js';

/** What the api answered a command with, or that the answer never came. */
export interface CommandOutcome {
  path: string;
  correlationId: string;
  idempotencyKey?: string;
  /** The HTTP status, or `connection_lost` when no answer came (and the command was not retried). */
  status: number | 'connection_lost';
  body: Record<string, unknown> | null;
  /** Requests sent for this one command (more than one after a connection error with an Idempotency-Key). */
  attempts: number;
}

export interface Acknowledged {
  id: string;
  revision: number;
  position: string;
}

export const isAcknowledged = (outcome: CommandOutcome): boolean => typeof outcome.status === 'number' && outcome.status >= 200 && outcome.status < 300;

export interface CommandRequest {
  path: string;
  body: object;
  token: string;
  /** Sent as `Idempotency-Key`; only such commands are retried after a connection error, as a careful client does. */
  idempotencyKey?: string;
  ifMatch?: number;
}

/**
 * Sends commands the way an official's client would: one `X-Correlation-Id` per command (kept across
 * retries, so the log can be matched to the answer), a retry with the same Idempotency-Key when the
 * connection dropped or the service answered 503, none without a key (its outcome stays unknown). A 502
 * from a proxy in front (the api went away before it answered) is a dropped connection too.
 */
export class CommandClient {
  private sequence = 0;
  /** Closed while the service restarts: new commands wait instead of failing at once. */
  gate: Promise<void> = Promise.resolve();

  constructor(
    private readonly baseUrl: () => string,
    private readonly prefix: string,
    private readonly retryForMs = 60_000,
  ) {}

  async send(request: CommandRequest): Promise<CommandOutcome> {
    await this.gate;
    const correlationId = `${this.prefix}.${++this.sequence}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${request.token}`,
      'content-type': 'application/json',
      'x-correlation-id': correlationId,
      ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
      ...(request.ifMatch !== undefined ? { 'if-match': `"${request.ifMatch}"` } : {}),
    };
    const deadline = Date.now() + this.retryForMs;
    for (let attempts = 1; ; attempts++) {
      const base = { path: request.path, correlationId, idempotencyKey: request.idempotencyKey, attempts };
      try {
        const response = await fetch(`${this.baseUrl()}/api/v1${request.path}`, { method: 'POST', headers, body: JSON.stringify(request.body) });
        const text = await response.text();
        if (response.status === 502) throw new Error('bad gateway: no answer from the api');
        const outcome: CommandOutcome = { ...base, status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
        if (response.status !== 503 || !request.idempotencyKey || Date.now() > deadline) return outcome;
      } catch {
        if (!request.idempotencyKey || Date.now() > deadline) return { ...base, status: 'connection_lost', body: null };
      }
      await sleep(50 + Math.random() * 150);
      await this.gate;
    }
  }
}
