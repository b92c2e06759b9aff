/**
 * `npm run token`: a bearer token the server of the same DATA_DIR accepts; `--help` is its usage, and a
 * wrong option or role is one line of what is wrong plus the usage, exit 2, never a stack trace.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jwtVerify } from 'jose';
import { loadOrCreateSecret } from '../../apps/api/src/auth/tokens.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('the token CLI', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'token-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const token = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/api/src/cli/token.ts', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('prints its usage for --help, with every role', async () => {
    const help = await token('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run --silent token -- --role ROLE/);
    expect(help.stdout).toContain('em_officer, hrss_officer and enforcement_officer need --county');
  }, 30_000);

  it('refuses an unknown option and a missing scope with what is wrong and the usage, exit 2', async () => {
    const unknown = await token('--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^token: Unknown option '--bogus'/);
    expect(unknown.stderr).toContain('usage:');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const scopeless = await token('--role', 'em_officer');
    expect(scopeless).toMatchObject({ code: 2, stderr: 'token: role em_officer needs --county\n' });
  }, 30_000);

  it('prints a token the server of that DATA_DIR accepts, with the role and scope asked for', async () => {
    const { code, stdout } = await token('--role', 'em_officer', '--county', '430903');
    expect(code).toBe(0);
    const { payload: claims } = await jwtVerify(stdout.trim(), loadOrCreateSecret(path.join(dataDir, 'token-secret')), { issuer: 'safety-skills-embedded' });
    expect(claims).toMatchObject({ role: 'em_officer', county: '430903' });
  }, 30_000);
});
