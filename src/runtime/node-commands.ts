/**
 * The node commands, `peer start --config core.yaml` and `orderer start --config orderer.yaml`:
 * registered on `fabric-gossip` (src/cli/runtime-commands.ts) and on the small process entry
 * `node-main.ts` that `network up` spawns. A node runs until SIGINT or SIGTERM, then stops cleanly
 * (connections, ledger, operations endpoint closed) and exits 0.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startOrdererFromFiles, startPeerFromFiles, type Running } from './launch';
import type { LogLevel } from './ports';

/** Run until SIGINT/SIGTERM, then stop cleanly. */
function runUntilSignalled(running: Running): void {
  process.stdout.write(`${running.name} listening at ${running.endpoint}, operations at ${running.operations}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function registerNodeCommands(program: Command): void {
  const peer = program.command('peer').description('a networked gossip peer');
  peer
    .command('start')
    .description('start a peer from core.yaml (CORE_* environment variables override it)')
    .requiredOption('--config <file>', 'core.yaml')
    .option('--log-level <level>', 'debug | info | warn | error', 'info')
    .action(async (opts: { config: string; logLevel: LogLevel }) => {
      runUntilSignalled(await startPeerFromFiles(resolve(opts.config), process.env, opts.logLevel));
    });

  const orderer = program.command('orderer').description('an ordering service serving AtomicBroadcast.Deliver');
  orderer
    .command('start')
    .description('start an ordering service from orderer.yaml (ORDERER_* environment variables override it)')
    .requiredOption('--config <file>', 'orderer.yaml')
    .option('--log-level <level>', 'debug | info | warn | error', 'info')
    .action(async (opts: { config: string; logLevel: LogLevel }) => {
      runUntilSignalled(await startOrdererFromFiles(resolve(opts.config), process.env, opts.logLevel));
    });
}
