/**
 * A working copy of the state for one step. Handlers reassign its fields (the maps are persistent,
 * so the input state is never touched) and append outputs; `finish` freezes it into the next state.
 */
import type { CryptoSuite, PkiId, Prng, SigningKey } from '../core';
import type { SelfInfo } from './inputs';
import type { MemberSnapshot } from './member-step';
import type { PMap } from './pmap';
import type {
  ConnectSnapshot,
  DiscoverySnapshot,
  KnownIdentity,
  MembershipConfig,
  MembershipOutput,
  MembershipState,
  ProbePurposes,
  StoredAlive,
} from './state';
import type { AliveEnvelope } from './wire';

export interface MembershipEnv {
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
}

export class Draft {
  readonly config: MembershipConfig;
  self: SelfInfo;
  seqNum: bigint;
  selfAlive: AliveEnvelope | undefined;
  members: PMap<MemberSnapshot>;
  aliveCount: number;
  viewToken: object;
  identities: PMap<KnownIdentity>;
  store: PMap<StoredAlive>;
  probes: PMap<ProbePurposes>;
  connects: PMap<ConnectSnapshot>;
  anchors: Readonly<Record<string, readonly string[]>>;
  prng: Prng;
  discovery: DiscoverySnapshot;
  readonly out: MembershipOutput[] = [];

  constructor(
    readonly env: MembershipEnv,
    base: MembershipState,
    readonly nowMs: number,
  ) {
    this.config = base.config;
    this.self = base.self;
    this.seqNum = base.seqNum;
    this.selfAlive = base.selfAlive;
    this.members = base.members;
    this.aliveCount = base.aliveCount;
    this.viewToken = base.viewToken;
    this.identities = base.identities;
    this.store = base.store;
    this.probes = base.probes;
    this.connects = base.connects;
    this.anchors = base.anchors;
    this.prng = base.prng;
    this.discovery = base.discovery;
  }

  get params() {
    return this.config.params;
  }

  get selfPkiId(): PkiId {
    return this.self.pkiId;
  }

  emit(o: MembershipOutput): void {
    this.out.push(o);
  }

  log(level: 'debug' | 'info' | 'warn', message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.out.push(fields === undefined ? { kind: 'log', level, message } : { kind: 'log', level, message, fields });
  }

  finish(): MembershipState {
    return {
      config: this.config,
      self: this.self,
      seqNum: this.seqNum,
      selfAlive: this.selfAlive,
      members: this.members,
      aliveCount: this.aliveCount,
      viewToken: this.viewToken,
      identities: this.identities,
      store: this.store,
      probes: this.probes,
      connects: this.connects,
      anchors: this.anchors,
      prng: this.prng,
      discovery: this.discovery,
    };
  }
}
