import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Same-origin only: the dashboard page and the OpenAPI UI load their scripts and data from this server.
 * Inline styles are allowed because the OpenAPI UI sets some; inline scripts are not.
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The headers every answer carries (errors too), by helmet: the policy above, nosniff, no framing, no
 * referrer, same-origin opener and resource policies, and helmet's other defaults. HSTS only when
 * configured, since it must not be sent over plain HTTP setups.
 */
export function securityHeaders(hstsMaxAgeSeconds: number): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY_DIRECTIVES },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: hstsMaxAgeSeconds > 0 ? { maxAge: hstsMaxAgeSeconds, includeSubDomains: true } : false,
  });
}
