/**
 * Retakes the README's dashboard picture: `node --import tsx test/browser/readme-screenshot.ts
 * [http://127.0.0.1:3000] [docs/images/dashboard.png]` against an api serving the small demo
 * (`DATA_DIR=… npm run demo -- --size small`, then `DATA_DIR=… npm start`). Signs in as the auditor,
 * the one role that sees every panel (claims included), as of 2021-10-31, Chinese, 1600 px wide.
 */
import { launchChromium } from './chromium.js';

const [baseUrl = 'http://127.0.0.1:3000', output = 'docs/images/dashboard.png'] = process.argv.slice(2);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
  await page.goto(`${baseUrl}/#asOf=2021-10-31`);
  await page.waitForSelector('#sign-in-form');
  await page.selectOption('#sign-in-role', 'auditor');
  await page.click('#sign-in-submit');
  await page.waitForSelector('body[data-loaded="2021-10-31|||"]', { timeout: 60_000 });
  // The charts animate in: let them settle before the picture.
  await page.waitForTimeout(1500);
  await page.screenshot({ path: output, fullPage: true });
  console.error(`screenshot: ${output}`);
} finally {
  await browser.close();
}
