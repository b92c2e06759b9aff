import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/**
 * The import rules of eslint.config.js fire: each fixture is linted with the project's own
 * configuration as if it stood at `filePath`, and the messages are what a developer would read.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('import rules', () => {
  it('the domain imports no storage, HTTP, Nest or other library', async () => {
    const messages = await restrictedImports(
      'libs/domain/src/workers/fixture.ts',
      [
        "import { Pool } from 'pg';",
        "import { Injectable } from '@nestjs/common';",
        "import { IsIn } from 'class-validator';",
        "import type { EventStore } from '#libs/event-store';",
        "import { addDays } from '../shared/day.js';",
        'export const used = [Pool, Injectable, IsIn, addDays] as unknown as EventStore[];',
      ].join('\n'),
    );
    expect(messages).toHaveLength(4);
    expect(messages[0]).toContain("'pg' import is restricted");
    expect(messages[0]).toContain('The domain imports no storage package');
    expect(messages[1]).toContain('The domain imports no HTTP or Nest package');
    expect(messages[2]).toContain('The domain imports no HTTP or Nest package');
    expect(messages[3]).toContain('The domain imports no other library');
  }, 60_000);

  it('the domain reads no files, except in its specs and their helpers', async () => {
    const rule = await restrictedImports('libs/domain/src/reference/fixture.ts', "export { readFileSync } from 'node:fs';\n");
    expect(rule).toEqual([expect.stringContaining('The domain reads no files')]);
    expect(await restrictedImports('libs/domain/src/testing/fixture.ts', "export { readFileSync } from 'node:fs';\n")).toEqual([]);
  }, 60_000);

  it('a library imports no app, and its specs no benchmark', async () => {
    const app = await restrictedImports('libs/projections/src/workers/fixture.ts', "export { loadConfig } from '../../../../apps/api/src/config/app-config.js';\n");
    const bench = await restrictedImports('libs/projections/src/read-models/fixture.unit.spec.ts', "export { Random } from '../../../../bench/generator/random.js';\n");
    for (const messages of [app, bench]) {
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('A library imports no app, bench/ or test/ code');
    }
    // Its own testing helpers are fine.
    expect(await restrictedImports('libs/projections/src/read-models/fixture.unit.spec.ts', "export { givenEvents } from './testing/given-events.js';\n")).toEqual([]);
  }, 60_000);

  it('the api imports nothing of the projector', async () => {
    const messages = await restrictedImports('apps/api/src/metrics/fixture.ts', "export { startMetricsServer } from '../../../projector/src/metrics-server.js';\n");
    expect(messages).toEqual([expect.stringContaining('An app imports no other app')]);
  }, 60_000);

  it('the projector imports nothing of the api: what both run on is in libs/runtime', async () => {
    const messages = await restrictedImports('apps/projector/src/fixture.ts', "export { loadConfig } from '../../api/src/config/app-config.js';\n");
    expect(messages).toEqual([expect.stringContaining('libs/runtime holds what the api and the projector both run on')]);
    expect(await restrictedImports('apps/projector/src/fixture.ts', "export { loadConfig } from '#libs/runtime';\n")).toEqual([]);
  }, 60_000);
});
