/**
 * [GEN-FUNC-MACHINE-DOCS.1] docs/machines/<name>.md, generated from the xstate machine itself:
 * a Mermaid diagram, the states (with descriptions and requirement ids), the transitions (event,
 * guard, actions, target, ids) and the named timers. Pure: the same machine always gives the
 * same text, byte for byte, so a test can compare it with the committed file.
 */
import type { AnyStateMachine } from 'xstate';
import { cell, codeList, GENERATED_NOTICE, table } from './markdown';
import { renderMermaid } from './mermaid';
import { pathLabel, walkMachine, type WalkedMachine } from './machine-walk';

export interface MachineEntry {
  readonly name: string;
  readonly title: string;
  readonly machine: AnyStateMachine;
}

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function machineDocPath(name: string): string {
  if (!NAME.test(name)) throw new Error(`machine name ${JSON.stringify(name)} must be lower-case words joined by '-' (it names docs/machines/<name>.md)`);
  return `docs/machines/${name}.md`;
}

function statesTable(m: WalkedMachine): string[] {
  const rows = m.states.map((s) => [
    cell(s.path.length === 0 ? `(machine \`${m.id}\`)` : `\`${pathLabel(s.path)}\``),
    s.type,
    cell(s.description),
    codeList(s.entry),
    codeList(s.exit),
    codeList(s.req),
  ]);
  return table(['State', 'Type', 'Description', 'Entry', 'Exit', 'Requirements'], rows);
}

function transitionsTable(m: WalkedMachine): string[] {
  const rows = m.transitions.map((t) => [
    cell(t.source.length === 0 ? '(any state)' : `\`${pathLabel(t.source)}\``),
    cell(`\`${t.event}\``),
    t.guard === undefined ? '—' : codeList([t.guard]),
    codeList(t.actions),
    t.targets.length === 0 ? '(targetless)' : codeList(t.targets.map(pathLabel)) + (t.reenter ? ' (re-enter)' : ''),
    codeList(t.req),
  ]);
  return table(['Source', 'Event', 'Guard', 'Actions', 'Target', 'Requirements'], rows);
}

function timersTable(m: WalkedMachine): string[] {
  if (m.delays.length === 0) return ['This machine arms no timer.'];
  const value = (d: WalkedMachine['delays'][number]): string => {
    if (!d.named) return 'not named after a parameter: give it a name in `setup({ delays })`';
    return d.valueMs === undefined ? 'computed from context (parameters)' : `${d.valueMs} ms`;
  };
  const rows = m.delays.map((d) => [`\`${d.name}\``, value(d)]);
  return table(['Delay (`after`)', 'Value'], rows);
}

export function renderMachineDoc(entry: MachineEntry): string {
  const walked = walkMachine(entry.machine);
  const diagram = renderMermaid(walked);
  const lines = [
    `<!-- ${GENERATED_NOTICE} -->`,
    `# ${entry.title}`,
    '',
    `> ${GENERATED_NOTICE} Source: the xstate machine \`${walked.id}\`, listed as \`${entry.name}\` in`,
    '> `src/catalog/machines.ts`; generator: `src/tools/machine-docs.ts`.',
    '',
    '## Diagram',
    '',
    '```mermaid',
    ...diagram.lines,
    '```',
    '',
    ...diagram.notes.flatMap((n) => [n, '']),
    'Transition labels read `EVENT [guard] / actions`; timers read `after <delay name>`.',
    '',
    '## States',
    '',
    ...statesTable(walked),
    '',
    '## Transitions',
    '',
    'In definition order; for one source and event, the first transition whose guard holds is taken.',
    '',
    ...transitionsTable(walked),
    '',
    '## Timers',
    '',
    ...timersTable(walked),
    '',
  ];
  return lines.join('\n');
}
