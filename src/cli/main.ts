#!/usr/bin/env node
/**
 * `fabric-gossip` (package.json `bin`) and `npm start`: with no command it runs the seed
 * experiment (004), Fabric's First Network told step by step with and without bootstrap peers,
 * and exits non-zero when an expected outcome did not happen. `fabric-gossip --help` lists the
 * commands (program.ts).
 */
import { runCli } from './program';

runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: internal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
