/**
 * The run report in a real headless browser (Debian's chromium, driven by playwright-core): the
 * self-contained page loads from a file with every network request refused, logs no console
 * error, draws its uPlot charts and its Mermaid statecharts, and shows the leaders and heights
 * the run ended with. A screenshot is kept under test-artifacts/ (gitignored). The browser's
 * profile is a temp directory removed after the browser has closed, and the test checks it is gone.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { AnyStateNode } from 'xstate';
import { MACHINES, type CatalogEntry } from '../../src/catalog/machines';
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

/**
 * The names a drawing of this machine must show, one per state node below the root, read from
 * the xstate definition itself. Every catalogued machine has a compound root, which the diagram
 * generator (src/tools/mermaid.ts) does not draw: its children are the top-level states, each
 * declared as `state "<key>"` (a history state's name would carry a suffix; no machine has one).
 */
function stateNames(entry: CatalogEntry): string[] {
  const names: string[] = [];
  const walk = (node: AnyStateNode): void => {
    for (const child of Object.values(node.states as Record<string, AnyStateNode>)) {
      names.push(child.key);
      walk(child);
    }
  };
  walk(entry.machine.root);
  return names;
}

/** Names that `wanted` has more often than `have` (a multiset difference). */
function missing(wanted: readonly string[], have: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const h of have) left.set(h, (left.get(h) ?? 0) + 1);
  return wanted.filter((w) => {
    const n = left.get(w) ?? 0;
    left.set(w, n - 1);
    return n <= 0;
  });
}

/** Console errors and warnings, uncaught errors, and requests for anything but the file itself. */
function watch(page: Page): { problems: string[]; external: string[]; ready: Promise<unknown> } {
  const problems: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const ready = page.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  return { problems, external, ready };
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
    // Outside the inlined libraries (Mermaid's CSS parser names `@import` as a string): no import or link.
    expect([html.includes(assets.uplotJs), html.includes(assets.mermaidJs)]).toEqual([true, true]);
    expect(html.replace(assets.uplotJs, '').replace(assets.mermaidJs, '')).not.toMatch(/@import|<link /i);
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

  it('[GEN-FUNC-RUN-REPORT-STATECHARTS.1] inlines Mermaid\'s renderer, started in strict mode, and keeps each source in a collapsed <details> under its drawing', () => {
    expect(assets.mermaidJs.length).toBeGreaterThan(1_000_000);
    expect(html).toContain(assets.mermaidJs.slice(0, 200));
    expect(html).toContain(assets.mermaidJs.slice(-200));
    expect(html).toContain("mermaid.initialize({ startOnLoad: false, securityLevel: 'strict'");
    // One section per generated page, in the catalog's names: the docs are the catalog's.
    expect(assets.machines.map((m) => m.file).sort()).toEqual(MACHINES.map((e) => `${e.name}.md`).sort());
    for (const m of assets.machines) {
      const id = `statechart-${m.file.replace(/\.md$/, '')}`;
      const section = new RegExp(`<section class="statechart" id="${id}"[^>]*>\\n<h3>[^\\n]*</h3>\\n<div class="diagram">.*</div>\\n<details><summary>Mermaid source</summary><pre class="mermaid-source">stateDiagram-v2\\n`);
      expect({ id, section: section.test(html) }).toEqual({ id, section: true });
    }
  });

  describe('in headless chromium', () => {
    let browser: BrowserContext | undefined;
    let profile: string | undefined;
    beforeAll(async () => {
      // A fresh profile each run (playwright passes it as --user-data-dir); afterAll removes it.
      profile = mkdtempSync(join(tmpdir(), 'fabric-gossip-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        viewport: { width: 1200, height: 900 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    }, 30_000);
    afterAll(async () => {
      // Chromium writes to its profile until it exits: close first, then remove.
      try {
        await browser?.close();
      } finally {
        if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
      }
      // A leftover fails the suite (jest reports an afterAll failure).
      expect(profile !== undefined && existsSync(profile)).toBe(false);
    }, 30_000);

    it('[GEN-FUNC-RUN-REPORT-STATECHARTS.1] loads offline with no console error, draws the charts and every statechart with all its states, and shows the leaders and heights', async () => {
      const page = await browser!.newPage();
      const { problems, external, ready } = watch(page);
      await ready;
      await page.goto(`file://${path}`, { timeout: 90_000 }); // 'load' waits for the 5.7 MB script
      await page.waitForSelector('body[data-charts="ready"]', { timeout: 15_000 });
      // Mermaid lays out one diagram after the other; on a busy machine that takes a while.
      await page.waitForSelector('body[data-diagrams]', { timeout: 200_000 });
      expect(await page.getAttribute('body', 'data-diagrams')).toBe('ready');
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

      // Each catalogued machine: its section holds one drawn <svg>, with a labelled shape (a node,
      // or a cluster for a composite state) for every state of the xstate definition.
      for (const entry of MACHINES) {
        const drawn = await page.$$eval(`#statechart-${entry.name} .diagram svg`, (svgs) =>
          svgs.map((svg) => {
            // (No DOM types here: the project compiles for node.)
            const el = svg as unknown as { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }>; getBoundingClientRect(): { width: number } };
            return {
              // Mermaid marks state shapes with .statediagram-state; start/end dots and the
              // dividers of parallel regions carry no label.
              labels: Array.from(el.querySelectorAll('.statediagram-state'))
                .map((g) => (g.textContent ?? '').trim())
                .filter((t) => t !== ''),
              width: el.getBoundingClientRect().width,
            };
          }),
        );
        const states = stateNames(entry);
        expect({ machine: entry.name, svgs: drawn.length }).toEqual({ machine: entry.name, svgs: 1 });
        const svg = drawn[0]!;
        expect(svg.width).toBeGreaterThan(50);
        expect(states.length).toBeGreaterThan(1);
        expect({ machine: entry.name, enough: svg.labels.length >= states.length }).toEqual({ machine: entry.name, enough: true });
        expect({ machine: entry.name, missing: missing(states, svg.labels) }).toEqual({ machine: entry.name, missing: [] });
      }
      // The source stays collapsed under each drawing.
      const sources = await page.$$eval('section.statechart details', (ds) => ds.map((d) => (d as unknown as { open: boolean }).open === false && d.querySelector('pre.mermaid-source') !== null));
      expect(sources).toEqual(MACHINES.map(() => true));
      await page.screenshot({ path: join(ARTIFACTS, 'first-network.png'), fullPage: true });
      await page.close();
    }, 240_000);

    it('[GEN-FUNC-RUN-REPORT-STATECHARTS.1] a diagram Mermaid cannot draw says so in its place and on the console', async () => {
      const broken = { ...assets, machines: [{ file: 'broken.md', title: 'Broken', mermaid: 'stateDiagram-v2\n  a --> : :: {{' }] };
      const brokenPath = join(ARTIFACTS, 'broken-diagram.html');
      writeFileSync(brokenPath, renderReportHtml(run, broken));
      const page = await browser!.newPage();
      const { problems, external, ready } = watch(page);
      await ready;
      await page.goto(`file://${brokenPath}`, { timeout: 60_000 });
      await page.waitForSelector('body[data-diagrams]', { timeout: 60_000 });
      expect(await page.getAttribute('body', 'data-diagrams')).toBe('failed');
      expect(await page.textContent('#statechart-broken .diagram')).toMatch(/^Could not draw this diagram: \S/);
      expect(await page.$$eval('#statechart-broken .diagram svg', (s) => s.length)).toBe(0);
      expect(problems).toEqual([expect.stringMatching(/^error: statechart broken\.md: /)]);
      expect(external).toEqual([]);
      await page.close();
    }, 90_000);
  });
});
