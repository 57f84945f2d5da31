/**
 * [GEN-FUNC-RUN-REPORT.1] The run report: one self-contained HTML file per scenario run (uPlot's
 * script and stylesheet inlined, the run's data embedded as JSON, nothing fetched), with the
 * expectations and invariants, the timeline, ledger height per peer, leaders per org and
 * membership view sizes over time (uPlot charts), messages per type and per peer, and the
 * statechart diagrams of the subsystems.
 * [GEN-FUNC-RUN-REPORT-STATECHARTS.1] The diagrams are the Mermaid text of docs/machines/*.md,
 * drawn to SVG in the page by Mermaid's own renderer, inlined like uPlot (mermaid.min.js, about
 * 5.7 MB: the bulk of the file) so that the page still needs no network; each source stays
 * under its drawing in a collapsed <details> for copying.
 * `renderReportHtml` is pure; `loadReportAssets` reads the files it needs (a host's job).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { counterEntries } from '../sim';
import type { ScenarioRun } from '../scenarios/run';
import { storyLines } from './story';

export interface MachineDiagram {
  readonly file: string;
  readonly title: string;
  readonly mermaid: string;
}

export interface ReportAssets {
  readonly uplotJs: string;
  readonly uplotCss: string;
  /** Mermaid's browser bundle (an IIFE defining the global `mermaid`). */
  readonly mermaidJs: string;
  readonly machines: readonly MachineDiagram[];
}

/** The directory holding package.json, from this file's location (src/report or dist/src/report). */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules'))) return dir;
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
}

/** The first ```mermaid block and the `# ` title of a generated machine page. */
export function parseMachinePage(file: string, text: string): MachineDiagram | undefined {
  const m = /```mermaid\n([\s\S]*?)```/.exec(text);
  if (m === null) return undefined;
  const title = /^# (.+)$/m.exec(text)?.[1] ?? file;
  return { file, title, mermaid: (m[1] ?? '').trimEnd() };
}

export function loadReportAssets(root: string = packageRoot()): ReportAssets {
  const uplotDir = dirname(require.resolve('uplot/package.json', { paths: [root] }));
  const mermaidDir = dirname(require.resolve('mermaid/package.json', { paths: [root] }));
  const machinesDir = join(root, 'docs', 'machines');
  const machines = existsSync(machinesDir)
    ? readdirSync(machinesDir)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .flatMap((f) => parseMachinePage(f, readFileSync(join(machinesDir, f), 'utf8')) ?? [])
    : [];
  return {
    uplotJs: readFileSync(join(uplotDir, 'dist', 'uPlot.iife.min.js'), 'utf8'),
    uplotCss: readFileSync(join(uplotDir, 'dist', 'uPlot.min.css'), 'utf8'),
    mermaidJs: readFileSync(join(mermaidDir, 'dist', 'mermaid.min.js'), 'utf8'),
    machines,
  };
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Inline script text must not close its element early. */
const scriptText = (js: string): string => js.replace(/<\/script/gi, '<\\/script');

/** What the page's script charts: plain arrays, one per series. */
export function reportData(run: ScenarioRun) {
  const c = run.compiled;
  const peers = c.peers.map((p) => p.definition.name);
  const orgOf = Object.fromEntries(c.peers.map((p) => [p.definition.name, p.mspId]));
  const times = run.samples.map((s) => s.t / 1000);
  const channels = c.channels.map((ch) => ({
    name: ch.name,
    heights: peers.map((p) => run.samples.map((s) => s.heights[ch.name]?.[p] ?? 0)),
    leadersPerOrg: ch.orgs.map((org) => run.samples.map((s) => (s.leaders[ch.name] ?? []).filter((p) => orgOf[p] === org).length)),
    orgs: ch.orgs,
    leadersAtEnd: Object.fromEntries(ch.orgs.map((org) => [org, (run.samples[run.samples.length - 1]?.leaders[ch.name] ?? []).filter((p) => orgOf[p] === org)])),
    heightsAtEnd: Object.fromEntries(peers.map((p) => [p, run.samples[run.samples.length - 1]?.heights[ch.name]?.[p] ?? 0])),
  }));
  const leaderChanges = run.observations.flatMap((o) => (o.kind === 'leader' ? [{ t: o.t / 1000, peer: o.peer, channel: o.channel, isLeader: o.isLeader }] : []));
  return {
    name: c.spec.name,
    description: c.spec.description ?? '',
    seed: c.seed,
    profile: c.profile,
    durationS: c.durationMs / 1000,
    ok: run.ok,
    peers,
    times,
    viewSizes: peers.map((p) => run.samples.map((s) => s.viewSizes[p] ?? 0)),
    alive: peers.map((p) => run.samples.map((s) => (s.alive[p] === true ? 1 : 0))),
    channels,
    leaderChanges,
    messages: run.messages,
    actions: run.observations.flatMap((o) => (o.kind === 'action' ? [{ t: o.t / 1000, label: o.label }] : [])),
  };
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
.pass { color: #17702a; font-weight: bold; } .fail { color: #b00020; font-weight: bold; }
table { border-collapse: collapse; margin: .5em 0; } td, th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f8f8f8; border: 1px solid #e4e4e4; padding: .6em; overflow: auto; font-size: 12px; }
pre.timeline { max-height: 28em; }
.chart { margin: .5em 0 1.2em; } .muted { color: #666; }
details { margin: .3em 0; } summary { cursor: pointer; }
section.statechart { margin: 1em 0 1.6em; } section.statechart h3 { font-size: 1.05em; margin-bottom: .3em; }
.diagram { overflow-x: auto; } .diagram svg { height: auto; }
.diagram.failed { white-space: pre-wrap; font: 12px monospace; color: #b00020; }
`;

const CHART_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var width = Math.min(1050, document.body.clientWidth - 20);
  function lineChart(el, title, names, series, yLabel) {
    var opts = {
      title: title, width: width, height: 260,
      scales: { x: { time: false } },
      axes: [{ label: 'virtual time (s)' }, { label: yLabel }],
      series: [{ label: 't (s)' }].concat(names.map(function (n, i) {
        return { label: n, stroke: palette[i % palette.length], width: 2, paths: uPlot.paths.stepped({ align: 1 }) };
      })),
    };
    return new uPlot(opts, [data.times].concat(series), el);
  }
  data.channels.forEach(function (ch, i) {
    lineChart(document.getElementById('heights-' + i), 'Ledger height per peer, channel ' + ch.name, data.peers, ch.heights, 'height (blocks)');
    lineChart(document.getElementById('leaders-' + i), 'Leaders per org, channel ' + ch.name + ' (1 is the goal)', ch.orgs, ch.leadersPerOrg, 'leaders');
  });
  lineChart(document.getElementById('views'), 'Membership view size per peer (alive members known)', data.peers, data.viewSizes, 'members');
  var types = Object.keys(data.messages.byType).sort();
  if (types.length > 0) {
    var xs = types.map(function (_, i) { return i; });
    new uPlot({
      title: 'Messages sent, per type', width: width, height: 260,
      scales: { x: { time: false, range: [-0.5, types.length - 0.5] } },
      axes: [{ values: function (u, splits) { return splits.map(function (s) { return types[s] || ''; }); }, splits: function () { return xs; }, rotate: -30, size: 70 }, { label: 'messages' }],
      series: [{}, { label: 'sent', fill: '#1f77b4aa', stroke: '#1f77b4', paths: uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false } }],
      legend: { show: false },
    }, [xs, types.map(function (t) { return data.messages.byType[t]; })], document.getElementById('messages-chart'));
  }
  document.body.setAttribute('data-charts', 'ready');
})();
`;

/**
 * Draws every statechart section's Mermaid source into its .diagram element, one after the other
 * (Mermaid lays out one diagram at a time), once the charts are up. 'strict' keeps the labels as
 * text (no HTML, no click handlers); errors are caught here and shown in place rather than as
 * Mermaid's own error picture. body[data-diagrams] says when it is done: 'ready', or 'failed'.
 */
const DIAGRAM_SCRIPT = `
(function () {
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.statechart'));
  var failed = 0;
  function done() { document.body.setAttribute('data-diagrams', failed === 0 ? 'ready' : 'failed'); }
  if (sections.length === 0) return done();
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', suppressErrorRendering: true, theme: 'neutral' });
  sections.reduce(function (previous, section, i) {
    return previous.then(function () {
      var target = section.querySelector('.diagram');
      return mermaid.render('statechart-svg-' + i, section.querySelector('pre.mermaid-source').textContent).then(function (r) {
        target.innerHTML = r.svg;
      }, function (e) {
        failed++;
        var why = (e && e.message) || String(e);
        target.className += ' failed';
        target.textContent = 'Could not draw this diagram: ' + why;
        console.error('statechart ' + section.getAttribute('data-machine') + ': ' + why);
      });
    });
  }, Promise.resolve()).then(done);
})();
`;

export function renderReportHtml(run: ScenarioRun, assets: ReportAssets): string {
  const data = reportData(run);
  const c = run.compiled;
  const verdict = run.ok ? '<span class="pass" id="verdict">PASS</span>' : '<span class="fail" id="verdict">FAIL</span>';
  const expectations = run.results
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.path)}</td><td class="num">${(r.atMs / 1000).toFixed(1)}s</td><td>${escapeHtml(r.label)}</td><td>${r.ok ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>'}</td><td>${r.checks
          .map((k) => `${k.ok ? '✓' : '✗'} ${escapeHtml(k.what)}: ${escapeHtml(k.ok ? k.actual : `expected ${k.expected}, got ${k.actual}`)}`)
          .join('<br>')}</td></tr>`,
    )
    .join('\n');
  const invariants = run.invariants.map((i) => `<tr><td>${i.name}</td><td>${escapeHtml(i.description)}</td><td>${i.held ? '<span class="pass">held</span>' : '<span class="fail">VIOLATED</span>'}</td><td>${escapeHtml(i.detail)}</td></tr>`).join('\n');
  const endState = data.channels
    .map(
      (ch, i) => `<h3>Channel ${escapeHtml(ch.name)}</h3>
<table id="end-state-${i}"><tr><th>org</th><th>leaders at the end</th></tr>
${ch.orgs.map((org) => `<tr><td>${escapeHtml(org)}</td><td class="leaders" data-org="${escapeHtml(org)}">${escapeHtml((ch.leadersAtEnd[org] ?? []).join(', ') || '(none)')}</td></tr>`).join('\n')}
</table>
<table><tr><th>peer</th><th>ledger height at the end</th></tr>
${data.peers.map((p) => `<tr><td>${escapeHtml(p)}</td><td class="num height" data-peer="${escapeHtml(p)}">${ch.heightsAtEnd[p] ?? 0}</td></tr>`).join('\n')}
</table>
<div class="chart" id="heights-${i}"></div>
<div class="chart" id="leaders-${i}"></div>
<p class="muted">Leader changes: ${data.leaderChanges.filter((l) => l.channel === ch.name).map((l) => `${l.t.toFixed(3)}s ${escapeHtml(l.peer)} ${l.isLeader ? 'became leader' : 'stepped down'}`).join('; ') || 'none'}</p>`,
    )
    .join('\n');
  const types = Object.keys(run.messages.byType).sort();
  const messagesTable = run.messages.traced
    ? `<table id="messages"><tr><th>peer \\ type</th>${types.map((t) => `<th>${escapeHtml(t)}</th>`).join('')}<th>total</th></tr>
${data.peers.map((p) => `<tr><td>${escapeHtml(p)}</td>${types.map((t) => `<td class="num">${run.messages.byPeerAndType[p]?.[t] ?? 0}</td>`).join('')}<td class="num">${run.messages.byPeer[p] ?? 0}</td></tr>`).join('\n')}
<tr><th>total</th>${types.map((t) => `<th class="num">${run.messages.byType[t] ?? 0}</th>`).join('')}<th class="num">${Object.values(run.messages.byType).reduce((a, b) => a + b, 0)}</th></tr></table>`
    : '<p class="muted">The run was not traced: no message counts.</p>';
  const machines = assets.machines.length === 0
    ? '<p class="muted">docs/machines/*.md not found: no diagrams.</p>'
    : assets.machines
        .map(
          (m) => `<section class="statechart" id="statechart-${escapeHtml(m.file.replace(/\.md$/, ''))}" data-machine="${escapeHtml(m.file)}">
<h3>${escapeHtml(m.title)} <span class="muted">(docs/machines/${escapeHtml(m.file)})</span></h3>
<div class="diagram"><p class="muted">Drawing the diagram (it needs JavaScript)…</p></div>
<details><summary>Mermaid source</summary><pre class="mermaid-source">${escapeHtml(m.mermaid)}</pre></details>
</section>`,
        )
        .join('\n');
  const counters = counterEntries(run.world.stats).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${escapeHtml(k)} ${n}`).join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(c.spec.name)}: fabric-gossip run report</title>
<style>${assets.uplotCss}</style>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(c.spec.name)} ${verdict}</h1>
<p>${escapeHtml(c.spec.description ?? '')}</p>
<p class="muted">seed ${c.seed} · profile ${c.profile} · ${c.durationMs / 1000}s of virtual time · ${c.peers.length} peers · ${run.world.step} simulator steps · made by fabric-gossip-ref</p>

<h2>Expectations</h2>
<table id="expectations"><tr><th>where</th><th>at</th><th>what</th><th>result</th><th>checks</th></tr>
${expectations || '<tr><td colspan="5">none</td></tr>'}
</table>

<h2>Invariants</h2>
<table id="invariants"><tr><th>invariant</th><th>meaning</th><th>result</th><th>detail</th></tr>
${invariants}
</table>

<h2>Ledgers and leaders</h2>
${endState}

<h2>Membership</h2>
<div class="chart" id="views"></div>

<h2>Messages</h2>
<div class="chart" id="messages-chart"></div>
${messagesTable}
<p class="muted">Simulator counters: ${counters}</p>

<h2>Timeline</h2>
<p class="muted">In the words of Fabric's peer logs; <code>==&gt;</code> marks the scenario's actions.</p>
<pre class="timeline" id="timeline">${escapeHtml(storyLines(run).join('\n'))}</pre>

<h2>Statecharts of the subsystems</h2>
<p class="muted">Every peer runs these machines. Each is drawn from the Mermaid source of its page in docs/machines, which is under it for copying; the tables of states and transitions are on those pages.</p>
${machines}

<script type="application/json" id="run-data">${scriptJson(data)}</script>
<script>${scriptText(assets.uplotJs)}</script>
<script>${CHART_SCRIPT}</script>
<script>${scriptText(assets.mermaidJs)}</script>
<script>${DIAGRAM_SCRIPT}</script>
</body>
</html>
`;
}
