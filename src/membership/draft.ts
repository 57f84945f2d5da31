/**
 * A working copy of the view for one named action of the discovery chart (discovery-actions.ts).
 * Helpers reassign its fields (the maps are persistent, so the view it was made from is never
 * touched), append outputs and raise internal events; `changes` gives the fields they replaced,
 * which the action assigns. An action is thus a pure function of the chart's context and event.
 */
import type { CryptoSuite, PkiId, Prng, SigningKey } from '../core';
import type { DiscoveryInternalEvent } from './discovery-events';
import type { SelfInfo } from './inputs';
import type { MemberSnapshot } from './member-step';
import type { PMap } from '../core/pmap';
import type { ConnectSnapshot, KnownIdentity, MembershipConfig, MembershipOutput, MembershipView, ProbePurposes, StoredAlive } from './state';
import type { AliveEnvelope } from './wire';
import { ViewToken } from './alive-view';

export interface MembershipEnv {
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
}

export class Draft implements MembershipView {
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
  readonly out: MembershipOutput[] = [];
  /** Events for the chart to handle next, in this macrostep (after the action's transition). */
  raised: DiscoveryInternalEvent[] | undefined;
  /** The PKI-IDs whose entries in the alive or dead list may have changed in this action. */
  private viewChanges: PkiId[] | undefined;

  constructor(
    readonly env: MembershipEnv,
    private readonly base: MembershipView,
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

  raise(event: DiscoveryInternalEvent): void {
    (this.raised ??= []).push(event);
  }

  /**
   * [MEM-FUNC-VIEW-TOKEN.1] What aliveMembers or deadMembers report of `pkiId` may have changed: the
   * view token is renewed (once per action), and its lists will be derived from the old token's by
   * the PKI-IDs changed.
   */
  renewView(pkiId: PkiId): void {
    if (this.viewChanges === undefined) {
      this.viewChanges = [];
      this.viewToken = ViewToken.renewing(this.base.viewToken, this.viewChanges, this.members.size);
    }
    this.viewChanges.push(pkiId);
  }

  log(level: 'debug' | 'info' | 'warn', message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.out.push(fields === undefined ? { kind: 'log', level, message } : { kind: 'log', level, message, fields });
  }

  /** The fields the helpers replaced (undefined: none); written out, as it runs for every action. */
  changes(): Partial<MembershipView> | undefined {
    const b = this.base;
    let c: { -readonly [K in keyof MembershipView]?: MembershipView[K] } | undefined;
    if (this.self !== b.self) (c ??= {}).self = this.self;
    if (this.seqNum !== b.seqNum) (c ??= {}).seqNum = this.seqNum;
    if (this.selfAlive !== b.selfAlive) (c ??= {}).selfAlive = this.selfAlive;
    if (this.members !== b.members) (c ??= {}).members = this.members;
    if (this.aliveCount !== b.aliveCount) (c ??= {}).aliveCount = this.aliveCount;
    if (this.viewToken !== b.viewToken) (c ??= {}).viewToken = this.viewToken;
    if (this.identities !== b.identities) (c ??= {}).identities = this.identities;
    if (this.store !== b.store) (c ??= {}).store = this.store;
    if (this.probes !== b.probes) (c ??= {}).probes = this.probes;
    if (this.connects !== b.connects) (c ??= {}).connects = this.connects;
    if (this.anchors !== b.anchors) (c ??= {}).anchors = this.anchors;
    if (this.prng !== b.prng) (c ??= {}).prng = this.prng;
    return c;
  }
}
