/**
 * Prints a bearer token that a server started from the same checkout accepts (embedded HS256).
 *   npm run --silent token -- --role em_officer --county 430903 [--sub name]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig, loadSecret } from '#libs/runtime';
import { isRole, ROLES, SCOPE_CLAIM } from '../auth/roles.js';
import { signEmbeddedToken } from '../auth/tokens.js';

/** A token lasts twelve hours unless told otherwise, within the maximum the server accepts. */
const DEFAULT_TTL_SECONDS = 12 * 3600;

const USAGE = `usage: npm run --silent token -- --role ROLE [--county CODE | --enterprise ID | --provider ID] [--sub NAME] [--ttl SECONDS]
  roles: ${ROLES.join(', ')}
  em_officer, hrss_officer and enforcement_officer need --county; enterprise_admin --enterprise; training_provider --provider
  prints a bearer token (embedded HS256) that a server with the same DATA_DIR or TOKEN_SECRET accepts`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        enterprise: { type: 'string' },
        provider: { type: 'string' },
        county: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!isRole(values.role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  const role = values.role;
  const flag = { countyCode: '--county', enterpriseId: '--enterprise', providerId: '--provider' } as const;
  const needed = SCOPE_CLAIM[role];
  const scopeValue = { countyCode: values.county, enterpriseId: values.enterprise, providerId: values.provider };
  if (needed && !scopeValue[needed]) fail(`role ${role} needs ${flag[needed]}`);

  const config = loadConfig();
  if (config.auth.kind !== 'hs256') fail('tokens come from your identity provider when AUTH_JWKS_URL is set');
  const max = config.auth.maxLifetimeSeconds;
  const ttl = values.ttl === undefined ? Math.min(DEFAULT_TTL_SECONDS, max) : Number(values.ttl);
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > max) fail(`--ttl must be whole seconds from 1 to ${max} (AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
  const secret = loadSecret(config.auth.secret);
  // A subject of its own per token unless named: two tokens of one role share no Idempotency-Key, rate limit or audit actor.
  const sub = values.sub ?? `${role}-cli-${randomUUID()}`;
  const token = await signEmbeddedToken(
    secret,
    config.auth.issuer,
    { sub, role, county: values.county, enterprise: values.enterprise, provider: values.provider },
    ttl,
  );
  process.stdout.write(token + '\n');
}

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

await main();
