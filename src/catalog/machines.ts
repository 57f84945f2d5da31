/**
 * Every statechart of the project, for the generated docs (docs/machines/<name>.md), the
 * traceability check and the compiled interpreter's proof: [GEN-FUNC-COMPILED-CATALOG.1] every
 * chart listed here must compile and pass the per-step differential against xstate
 * (test/compiled/catalog.test.ts, which fails for a chart without a differential subject in
 * test/compiled/subjects). Add a machine here when a subsystem lands.
 */
import type { AnyStateMachine } from 'xstate';
import { channelMachine } from '../channel/machine';
import { disseminationMachine } from '../dissemination';
import { electionMachine } from '../election/machine';
import { emitterMachine } from '../emitter/machine';
import { connectMachine, discoveryMachine, memberMachine } from '../membership';
import { pullMachine } from '../pull';
import { handshakeMachine, identityStoreMachine } from '../security';
import { stateTransferMachine } from '../statetransfer';

export interface CatalogEntry {
  readonly name: string;
  readonly title: string;
  readonly machine: AnyStateMachine;
}

export const MACHINES: ReadonlyArray<CatalogEntry> = [
  { name: 'emitter', title: 'Batching emitter (spec/emitter.md)', machine: emitterMachine },
  { name: 'membership-member', title: 'Membership: the lifecycle of one remote member (spec/membership.md)', machine: memberMachine },
  { name: 'membership-discovery', title: "Membership: the peer's view, every membership input and the discovery loops (spec/membership.md)", machine: discoveryMachine },
  { name: 'membership-connect', title: 'Membership: connecting to a bootstrap or anchor peer (spec/membership.md)', machine: connectMachine },
  { name: 'election', title: 'Leader election, one channel (spec/election.md)', machine: electionMachine },
  { name: 'pull', title: 'Block pull engine, one channel (spec/pull.md)', machine: pullMachine },
  { name: 'channel', title: 'Channel: StateInfo, eligibility and the channel view, one channel (spec/channel.md)', machine: channelMachine },
  { name: 'dissemination', title: 'Block push and in-order commit, one channel (spec/dissemination.md)', machine: disseminationMachine },
  { name: 'statetransfer', title: 'State transfer: anti-entropy requests and serving, one channel (spec/statetransfer.md)', machine: stateTransferMachine },
  { name: 'security-handshake', title: 'Comm handshake, one connection seen from one side (spec/security-handshake.md)', machine: handshakeMachine },
  { name: 'security-identity-store', title: "Identity store: Fabric's identity mapper, expiry, revocation and unused purge (spec/security-identity.md)", machine: identityStoreMachine },
];
