/**
 * The run report in a real headless browser (Debian's chromium, driven by playwright-core): the
 * self-contained page loads from a file with every network request refused, logs no console
 * error, draws its uPlot charts, and shows the leaders and heights the run ended with. A
 * screenshot is kept under test-artifacts/ (gitignored).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { compileScenario } from '../../src/scenarios/compile';
import { firstNetworkScenario } from '../../src/scenarios/first-network';
import { runScenario, type ScenarioRun } from '../../src/scenarios/run';
import { decodeScenario } from '../../src/scenarios/scenario-file';
import { loadReportAssets, parseMachinePage, renderReportHtml } from '../../src/report/html';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'report');

function firstNetworkRun(): ScenarioRun {
  const decoded = decodeScenario(firstNetworkScenario(true));
  if (!decoded.ok) throw new Error(decoded.error.problem);
  const compiled = compileScenario(decoded.value);
  if (!compiled.ok) throw new Error(compiled.error.problem);
  return runScenario(compiled.value);
}

describe('[GEN-FUNC-RUN-REPORT.1] the HTML run report', () => {
  const run = firstNetworkRun();
  const assets = loadReportAssets();
  const html = renderReportHtml(run, assets);
  const path = join(ARTIFACTS, 'first-network.html');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path, html);

  it('is one self-contained file: uPlot inlined, no external reference, the data embedded', () => {
    expect(html).toContain(assets.uplotJs.slice(0, 200));
    expect(html).toContain(assets.uplotCss.slice(0, 100));
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|<link /i);
    expect(html).toContain('<script type="application/json" id="run-data">');
  });

  it('says FAIL, with the failed check, when an expectation was not met', () => {
    const failedCheck = { path: 'expect.0.heights.all', what: 'ledger height of every live peer in mychannel', ok: false, expected: '9', actual: 'peer0.org1=3' };
    const failed = { ...run, ok: false, results: [{ path: 'expect.0', label: 'impossible', atMs: 1000, ok: false, checks: [failedCheck] }] };
    const page = renderReportHtml(failed, assets);
    expect(page).toContain('<span class="fail" id="verdict">FAIL</span>');
    expect(page).toContain('✗ ledger height of every live peer in mychannel: expected 9, got peer0.org1=3');
  });

  it('carries the statechart diagrams of the subsystems (Mermaid source from docs/machines)', () => {
    const names = assets.machines.map((m) => m.file);
    expect(names).toEqual(expect.arrayContaining(['election.md', 'membership-discovery.md', 'dissemination.md', 'pull.md', 'channel.md', 'statetransfer.md']));
    for (const m of assets.machines) expect(m.mermaid.startsWith('stateDiagram-v2')).toBe(true);
    expect(html.match(/<pre class="mermaid-source">stateDiagram-v2/g)?.length).toBe(assets.machines.length);
    expect(parseMachinePage('x.md', '# T\n\nno diagram')).toBeUndefined();
  });

  describe('in headless chromium', () => {
    let browser: BrowserContext;
    beforeAll(async () => {
      // A fresh profile each run (playwright passes it as --user-data-dir).
      browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fabric-gossip-chromium-')), {
        executablePath: '/usr/bin/chromium',
        headless: true,
        viewport: { width: 1200, height: 900 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    }, 30_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('loads offline with no console error, draws the charts and shows the leaders and heights', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      const external: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.route('**/*', (route) => {
        if (route.request().url().startsWith('file:')) return route.continue();
        external.push(route.request().url());
        return route.abort();
      });
      await page.goto(`file://${path}`);
      await page.waitForSelector('body[data-charts="ready"]', { timeout: 15_000 });
      expect(problems).toEqual([]);
      expect(external).toEqual([]);
      expect(await page.textContent('#verdict')).toBe('PASS');
      const leaders = await page.$$eval('#end-state-0 td.leaders', (tds) => tds.map((td) => `${td.getAttribute('data-org')}=${td.textContent}`));
      expect(leaders).toEqual(['Org1MSP=peer0.org1', 'Org2MSP=peer0.org2']);
      const heights = await page.$$eval('td.height', (tds) => tds.map((td) => `${td.getAttribute('data-peer')}=${td.textContent}`));
      expect(heights).toEqual(['peer0.org1=3', 'peer1.org1=3', 'peer0.org2=3', 'peer1.org2=3']);
      // Four uPlot charts (heights, leaders, views, messages), each a sized canvas.
      const canvases = await page.$$eval('.uplot canvas', (cs) => cs.map((c) => (c as unknown as { width: number; height: number }).width > 0 && (c as unknown as { width: number; height: number }).height > 0));
      expect(canvases).toEqual([true, true, true, true]);
      expect(await page.textContent('#timeline')).toContain('peer0.org1   [mychannel] Becoming a leader');
      expect(await page.$$eval('#invariants .pass', (xs) => xs.length)).toBe(5);
      await page.screenshot({ path: join(ARTIFACTS, 'first-network.png'), fullPage: true });
      await page.close();
    }, 30_000);
  });
});
