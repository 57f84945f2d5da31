#!/usr/bin/env node
/**
 * `node dist/src/runtime/node-main.js peer start --config core.yaml` (or `orderer start`): the
 * process entry `network up` spawns for each node. The same commands as `fabric-gossip peer start`
 * and `fabric-gossip orderer start` (node-commands.ts), without loading the rest of the CLI (the
 * simulator's reports, scenarios, checkers), so that five nodes start in a fraction of the time
 * ([GEN-FUNC-RUNTIME-PROCESSES.1]: the First Network as separate processes).
 */
import { Command } from 'commander';
import { registerNodeCommands } from './node-commands';

const program = new Command('fabric-gossip-node').description('a networked node of fabric-gossip-ref');
registerNodeCommands(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
