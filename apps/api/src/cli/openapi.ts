/**
 * Prints the OpenAPI document the api serves at `/api/docs-json`, for the default configuration on a
 * throw-away DATA_DIR (the document does not depend on the data).
 *   npm run --silent openapi > document.json
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, openApiDocumentOf } from '../bootstrap.js';
import { loadConfig } from '#libs/runtime';

export async function buildOpenApiDocument(): Promise<unknown> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-openapi-'));
  try {
    const app = await createApp(loadConfig({ DATA_DIR: dataDir }), { logger: ['error'] });
    try {
      await app.init();
      return JSON.parse(JSON.stringify(openApiDocumentOf(app))) as unknown;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`);
}
