import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `apps/api/public`, found by walking up from this file (works from src and from dist). */
export function findPublicDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'api', 'public');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no apps/api/public/index.html above ${from}`);
  }
}

/** ECharts' browser bundles, served from the installed package: no copy in the repository, no CDN. */
export function findEchartsDist(): string {
  // `echarts` resolves to dist/echarts.js for require; dist/ also holds echarts.min.js.
  return dirname(createRequire(import.meta.url).resolve('echarts'));
}
