/**
 * `npm run bench`: every figure as one JSON line on stdout. Targets live here, never in tests.
 * Options: --quick (a 20-peer, 1-minute simulation instead of 100 peers for 5 minutes),
 * --only-compiled (skip the slow xstate-interpreter simulation), --profile (a CPU profile summary
 * of the simulation, as JSON lines).
 */
import { benchEmitter } from './emitter-bench';
import { profileTopFunctions } from './profile';
import { benchSimulation, DEFAULT_SIM_BENCH } from './sim-bench';

const flag = (name: string) => process.argv.includes(name);

async function main(): Promise<void> {
  benchEmitter('xstate');
  benchEmitter('compiled');
  const sim = flag('--quick') ? { orgs: 4, peersPerOrg: 5, virtualMs: 60_000 } : DEFAULT_SIM_BENCH;
  if (flag('--profile')) {
    await profileTopFunctions('sim.profile', () => benchSimulation('compiled', sim));
    return;
  }
  benchSimulation('compiled', sim);
  if (!flag('--only-compiled')) benchSimulation('xstate', sim);
}

void main();
