/**
 * Errors as `application/problem+json` (RFC 9457): `{ type, title, status, detail, code, errors? }`.
 * Every error a client can cause is one of these; the filter maps them once.
 */
export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }

  toBody(): ProblemBody {
    return {
      type: `/problems/${this.code.replaceAll('_', '-')}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...this.extra,
    };
  }
}

export const invalidInput = (errors: FieldError[], detail = 'The request has invalid fields.'): ProblemError =>
  new ProblemError(400, 'invalid_input', detail, errors);

export const notFound = (what: string): ProblemError => new ProblemError(404, 'not_found', `${what} was not found.`);

export const forbidden = (detail = 'Your role or scope does not allow this.'): ProblemError =>
  new ProblemError(403, 'forbidden', detail);

export const unauthorized = (detail = 'A valid bearer token is required.'): ProblemError =>
  new ProblemError(401, 'unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
