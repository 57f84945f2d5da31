/**
 * [GEN-FUNC-CLI.1] [GEN-FUNC-FIRST-NETWORK-STORY.1] The `fabric-gossip` command line (commander): `first-network` (the default: the seed's story),
 * `run <scenario>`, `scenarios`, `trace summary <file>`, `replay <trace>`. Every input is decoded
 * at the edge (options.ts, the scenario codec, loadConfig for core.yaml); every problem is one
 * line naming the file, the place in it and the problem, with a non-zero exit (2: bad input,
 * 1: an expectation not met or a replay that differs). I/O comes in as `CliIo` so tests run the
 * program in-process.
 *
 * This file is the program's definition (commands, options, help text) and `runCli`; what each
 * command does is beside it: scenario-commands.ts, trace-commands.ts (both running through
 * run-and-report.ts) and runtime-commands.ts.
 */
import { Command, CommanderError, Option } from 'commander';
import { main as runCheck } from '../tools/check/main';
import { main as runExplore } from '../tools/explore/main';
import { registerRuntimeCommands } from './runtime-commands';
import { PROFILES } from '../config';
import type { CliIo } from './cli-io';
import { CliError, ProfileString } from './options';
import type { RunFlags } from './run-and-report';
import { listScenarios, runFirstNetwork, runScenarioCommand } from './scenario-commands';
import { readTrace, replay, traceSummaryLines } from './trace-commands';

const RUN_PROFILES = Object.keys(ProfileString.keys) as (keyof typeof ProfileString.keys)[];

function runOptions(cmd: Command, single: boolean): Command {
  cmd
    .option('--seed <n>', 'simulator seed (default: the scenario\'s)')
    .addOption(new Option('--profile <name>', `base configuration profile: ${RUN_PROFILES.map((p) => `${p} (${PROFILES[p].description})`).join(', ')}`).choices(RUN_PROFILES))
    .option('--core-yaml <file>', 'a core.yaml whose peer.gossip.* settings apply to every peer')
    .option('--set <VAR=value...>', 'CORE_PEER_GOSSIP_* overrides for every peer (also read from the environment)')
    .option('--latency <min-max>', 'per-message latency bounds, in ms or durations (e.g. 1-10, 5ms-50ms)')
    .option('--loss <p>', 'probability that a message is lost (0..1)')
    .option('--duplication <p>', 'probability that a message is duplicated (0..1)')
    .option('--out-dir <dir>', 'write <name>.html (the run report), <name>.trace.ndjson and <name>.run.json there')
    .option('--brief', 'leave membership and channel-view lines out of the timeline')
    .option('--quiet', 'print the checked summary only')
    .option('--no-progress', 'no progress bar');
  if (single) cmd.option('--report <file>', 'write the HTML run report to this file').option('--trace <file>', 'write the ndjson trace (and its replay manifest) to this file');
  return cmd;
}

export function buildProgram(io: CliIo, exit: { code: number }): Command {
  const program = new Command('fabric-gossip');
  const output = { writeOut: (s: string) => io.out(s), writeErr: (s: string) => io.err(s) };
  program
    .description("Hyperledger Fabric's gossip protocol in a deterministic simulator: run the First Network, or any scenario file, and check what happens.")
    .configureOutput(output)
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  const sub = (name: string) => program.command(name).configureOutput(output).exitOverride();
  runOptions(sub('first-network').description("the seed experiment: Fabric's First Network told step by step, with and without bootstrap peers (the default command; --report and --trace apply to the first run)"), true).action((flags: RunFlags) => {
    exit.code = runFirstNetwork(flags, io);
  });
  runOptions(sub('run').description('run a scenario file (or a shipped scenario by name) and check its expectations').argument('<scenario>', 'a scenario YAML file, or the name of a shipped one'), true).action((arg: string, flags: RunFlags) => {
    exit.code = runScenarioCommand(arg, flags, io);
  });
  sub('scenarios')
    .description('list the shipped scenarios')
    .action(() => {
      exit.code = listScenarios(io);
    });
  const trace = sub('trace').description('look into a trace file');
  trace
    .command('summary')
    .configureOutput(output)
    .exitOverride()
    .description('counts, commits, leadership changes and faults of an ndjson trace')
    .argument('<file>', 'a trace written by --trace or --out-dir')
    .action((file: string) => {
      io.out(`${traceSummaryLines(file, readTrace(file, io)).join('\n')}\n`);
      exit.code = 0;
    });
  runOptions(sub('replay').description('run a traced run again from its manifest (<name>.run.json next to the trace) and check the trace is byte-identical').argument('<trace>', 'the .trace.ndjson file'), false).action((file: string, flags: RunFlags) => {
    exit.code = replay(file, flags, io);
  });
  // The property runner and the explorer take their own arguments (see `npm run check -- --list`).
  const passThrough = (name: string, description: string, run: (args: readonly string[]) => number) =>
    sub(name).description(description).helpOption(false).allowUnknownOption(true).allowExcessArguments(true).argument('[args...]').action((args: string[]) => {
      exit.code = run(args);
    });
  passThrough('check', 'the whole-network properties (--list, --property ID, --runs N, --seed S, --budget S, --long, --size)', runCheck);
  passThrough('explore', 'bounded exhaustive exploration of a small configuration (list, <config> [depth] [maxStates])', runExplore);
  // The networked peer (src/runtime): peer start, orderer start, network up|status|down.
  registerRuntimeCommands(program);
  return program;
}

/** Run the CLI on arguments (without `node` and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const exit = { code: 0 };
  const program = buildProgram(io, exit);
  // No command, or options only: the default command, first-network.
  const first = argv[0];
  const args = first === undefined || (first.startsWith('-') && first !== '--help' && first !== '-h' && first !== '-V') ? ['first-network', ...argv] : [...argv];
  try {
    await program.parseAsync(args, { from: 'user' });
    return exit.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      return 2; // commander already printed one line (and the help hint)
    }
    if (err instanceof CliError) {
      io.err(`error: ${err.file}: ${err.where}: ${err.problem}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
