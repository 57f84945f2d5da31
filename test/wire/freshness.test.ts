/**
 * [WIRE-MSG-GENERATED-CODE.1] The checked-in protobuf-es code is what `npm run gen:wire` makes
 * from src/wire/proto now: buf (offline, from node_modules) regenerates into a temporary
 * directory, and every file must be identical, with none missing or extra.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const WIRE = join(ROOT, 'src', 'wire');
const BIN = join(ROOT, 'node_modules', '.bin');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

it('[WIRE-MSG-GENERATED-CODE.1] regenerating src/wire/gen from the .proto files changes nothing', () => {
  const out = mkdtempSync(join(tmpdir(), 'wire-gen-'));
  try {
    execFileSync(join(BIN, 'buf'), ['generate', '--template', 'buf.gen.yaml', '-o', out], {
      cwd: WIRE,
      env: { ...process.env, PATH: `${BIN}:${process.env['PATH'] ?? ''}` },
      stdio: 'pipe',
    });
    const fresh = filesUnder(join(out, 'gen')).map((f) => relative(join(out, 'gen'), f)).sort();
    const checkedIn = filesUnder(join(WIRE, 'gen')).map((f) => relative(join(WIRE, 'gen'), f)).sort();
    expect(checkedIn).toEqual(fresh);
    expect(fresh.length).toBeGreaterThanOrEqual(7);
    for (const f of fresh) expect([f, readFileSync(join(WIRE, 'gen', f), 'utf8')]).toEqual([f, readFileSync(join(out, 'gen', f), 'utf8')]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 60_000);
