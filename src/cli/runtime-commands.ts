/**
 * The networked runtime's commands (issue #11), registered on the main program by src/cli/program.ts:
 *
 *   fabric-gossip peer start --config core.yaml        a peer (CORE_* variables override core.yaml)
 *   fabric-gossip orderer start --config orderer.yaml  an ordering service (ORDERER_* overrides)
 *   fabric-gossip network up [--dir D] [--fast]        the First Network as local processes, then
 *                                                     org1's and org2's anchor-peer updates as config blocks
 *   fabric-gossip network status [--dir D]             each node's view, role and height
 *   fabric-gossip network down [--dir D]               stop the processes `up` started
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { networkDown, networkStatus, networkUp } from '../runtime/local-network';
import { registerNodeCommands } from '../runtime/node-commands';

/** Fabric's election test timings, for a network that settles in seconds (`network up --fast`). */
const FAST_PEER_ENV: Readonly<Record<string, string>> = {
  CORE_PEER_GOSSIP_ELECTION_STARTUPGRACEPERIOD: '2s',
  CORE_PEER_GOSSIP_ELECTION_MEMBERSHIPSAMPLEINTERVAL: '200ms',
  CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '2s',
  CORE_PEER_GOSSIP_ELECTION_LEADERELECTIONDURATION: '1s',
  CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
  CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '5s',
  CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
};

const DEFAULT_DIR = '.fabric-gossip-network';

export function registerRuntimeCommands(program: Command): void {
  registerNodeCommands(program);

  const network = program.command('network').description("the First Network (seed 004) as local processes on loopback");
  network
    .command('up')
    .description("generate crypto material (cryptogen's layout) and configuration, start an orderer and 2 orgs x 2 peers, then send org1's and org2's anchor-peer updates (config blocks)")
    .option('--dir <dir>', 'where to write material, configuration, data and logs', DEFAULT_DIR)
    .option('--fast', 'fast election and heartbeat settings (seconds instead of tens of seconds)', false)
    .option('--batch-timeout <ms>', 'the orderer cuts a block this often', '2000')
    .action(async (opts: { dir: string; fast: boolean; batchTimeout: string }) => {
      // Each node runs the small node entry beside this CLI (dist/src/runtime/node-main.js): the same
      // `peer start` / `orderer start`, without loading the simulator's half of the CLI.
      const cli = join(__dirname, '..', 'runtime', 'node-main.js');
      const record = await networkUp({ dir: resolve(opts.dir), cli, batchTimeoutMs: Number(opts.batchTimeout), ...(opts.fast ? { peerEnv: FAST_PEER_ENV } : {}) });
      for (const n of record.nodes) process.stdout.write(`${n.name.padEnd(24)} pid ${n.pid}  ${n.endpoint}  operations http://${n.operations}\n`);
      process.stdout.write(`anchor-peer updates (org1's, then org2's) cut as config blocks ${record.anchorBlocks.join(' and ')}\n`);
      process.stdout.write(`logs in ${resolve(opts.dir, 'logs')}; see it with: network status --dir ${opts.dir}\n`);
    });
  network
    .command('status')
    .description("print each node's view, role and height from its operations endpoint")
    .option('--dir <dir>', 'the directory `network up` wrote', DEFAULT_DIR)
    .action(async (opts: { dir: string }) => {
      process.stdout.write(`${(await networkStatus(resolve(opts.dir))).join('\n')}\n`);
    });
  network
    .command('down')
    .description('stop the processes `network up` started')
    .option('--dir <dir>', 'the directory `network up` wrote', DEFAULT_DIR)
    .action((opts: { dir: string }) => {
      const pids = networkDown(resolve(opts.dir));
      process.stdout.write(`sent SIGTERM to ${pids.length} processes${pids.length > 0 ? ` (${pids.join(', ')})` : ''}\n`);
    });
}
