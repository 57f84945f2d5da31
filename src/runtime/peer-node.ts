/**
 * A networked peer: the composed reducer (src/peer) in a PeerHost, its comm layer on gRPC with
 * mutual TLS, a block store, stable storage and a deliver client. The reducer is the simulator's,
 * so a scenario run here and in the simulator must end alike ([GEN-FUNC-RUNTIME-DIFFERENTIAL.1]). Two phases, because a peer's
 * endpoint is known only once its server listens (port 0 in tests): `openPeerNode` binds the
 * gossip server, `start` builds the peer's configuration-dependent self and runs it.
 */
import { forkPrng, type CryptoSuite, type PkiId, type SigningKey } from '../core';
import type { GossipConfig } from '../config';
import { aliveMembers, preferredEndpoint } from '../membership';
import { createPeerReducer, type PeerState } from '../peer';
import { storedIdentityOf } from '../security';
import { monotonicClock, type Clock, type Scheduler } from './clock';
import { GrpcComm } from './grpc/comm';
import type { CommTls } from './grpc/comm-options';
import { PeerHost } from './host';
import { watchConfigBlocks } from './ledger/config-watch';
import type { BlockStore, OrdererPort, StableStorage, Submit, Telemetry } from './ports';

export interface PeerNodeOptions {
  readonly name: string;
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
  /** Identities of the ordering service whose signatures make a block valid. */
  readonly trustedOrderers: readonly string[];
  readonly tls: CommTls;
  readonly listenHost: string;
  /** 0: a free port. */
  readonly listenPort: number;
  /** The host other peers dial (default listenHost). */
  readonly advertiseHost?: string;
  readonly telemetry: Telemetry;
  readonly clock?: Clock;
  readonly scheduler?: Scheduler;
  /** Comm settings before the config is known (the server must exist to know the endpoint). */
  readonly comm?: { readonly dialTimeoutMs?: number; readonly connTimeoutMs?: number; readonly sendBuffSize?: number; readonly recvBuffSize?: number };
  /** Test hooks passed to the comm layer. */
  readonly commHooks?: { readonly clientTlsOverride?: { certPem: string; keyPem: string } | null; readonly forgeOwnTlsHash?: string };
}

export interface PeerStartOptions {
  readonly config: GossipConfig;
  readonly ledger: BlockStore;
  readonly storage: StableStorage;
  /** The deliver client, built with the host's submit. */
  readonly orderer: (submit: Submit) => OrdererPort;
  /** The peer's random seed (default: from the clock and the PKI-ID). */
  readonly seed?: number;
}

export interface PeerStatus {
  readonly name: string;
  readonly pkiId: string;
  readonly endpoint: string;
  readonly org: string;
  /** Alive members (membership view), by endpoint. */
  readonly view: readonly string[];
  readonly leaderOf: Readonly<Record<string, boolean>>;
  readonly heights: Readonly<Record<string, number>>;
  readonly connections: number;
  readonly steps: number;
}

export class PeerNode {
  private host: PeerHost<PeerState> | undefined;
  private ledger: BlockStore | undefined;
  private storage: StableStorage | undefined;
  private orderer: OrdererPort | undefined;
  readonly pkiId: PkiId;
  readonly org: string;

  private constructor(readonly options: PeerNodeOptions, readonly comm: GrpcComm) {
    this.pkiId = options.crypto.pkiIdOf(options.key.identity);
    const org = options.crypto.orgOf(options.key.identity);
    if (org === undefined) throw new RangeError(`${options.name}: the signing identity names no org`);
    this.org = org;
  }

  static async open(options: PeerNodeOptions): Promise<PeerNode> {
    let node: PeerNode | undefined;
    const comm = await GrpcComm.listen({
      crypto: options.crypto,
      key: options.key,
      tls: options.tls,
      listenHost: options.listenHost,
      listenPort: options.listenPort,
      dialTimeoutMs: options.comm?.dialTimeoutMs ?? 3000,
      connTimeoutMs: options.comm?.connTimeoutMs ?? 2000,
      sendBuffSize: options.comm?.sendBuffSize ?? 200,
      recvBuffSize: options.comm?.recvBuffSize ?? 20,
      telemetry: options.telemetry,
      ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
      identityOf: (pki) => {
        const state = node?.host?.peerState();
        return state === undefined ? undefined : storedIdentityOf(state.identities, pki)?.identity;
      },
      ...(options.commHooks ?? {}),
    });
    node = new PeerNode(options, comm);
    return node;
  }

  /** The endpoint other peers dial: advertiseHost:port. */
  get endpoint(): string {
    return `${this.options.advertiseHost ?? this.options.listenHost}:${this.comm.port}`;
  }

  get running(): boolean {
    return this.host !== undefined && !this.host.isStopped();
  }

  /**
   * [GEN-FUNC-RUNTIME-RESTART.1] Build the peer from its configuration, its stable storage (the
   * channels it joined, rejoined by the reducer) and its ledger heights, and run it: a restarted
   * peer resumes at the height its ledger holds, with a start time (its incarnation) newer than before.
   */
  async start(o: PeerStartOptions): Promise<void> {
    if (this.host !== undefined) throw new Error(`${this.options.name} already started`);
    const clock = this.options.clock ?? monotonicClock();
    const reducer = createPeerReducer(this.options.crypto, (pki) => (pki === this.pkiId ? this.options.key : undefined), this.options.trustedOrderers);
    const durable = await o.storage.load();
    const startTimeMs = clock.nowMs();
    const seed = o.seed ?? (forkPrng(startTimeMs | 0, this.pkiId).state[0] as number);
    const initial = reducer.init({
      self: {
        pkiId: this.pkiId,
        identity: this.options.key.identity,
        org: this.org as PeerState['self']['org'],
        internalEndpoint: o.config.endpoint !== '' ? o.config.endpoint : this.endpoint,
        externalEndpoint: o.config.externalEndpoint,
      },
      config: o.config,
      startTimeMs,
      seed,
      ledgerHeights: o.ledger.heights(),
      durable,
    });
    let host: PeerHost<PeerState> | undefined;
    const submit: Submit = (input) => host?.submit(input);
    const orderer = o.orderer(submit);
    // [GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] a committed config block becomes the peer's JOIN_CHANNEL command.
    const ledger = watchConfigBlocks(o.ledger, (join) => submit({ kind: 'command', command: join }), this.options.telemetry);
    host = new PeerHost(reducer, initial, {
      clock,
      comm: this.comm,
      ledger,
      storage: o.storage,
      orderer,
      telemetry: this.options.telemetry,
      ...(this.options.scheduler === undefined ? {} : { scheduler: this.options.scheduler }),
    });
    this.host = host;
    this.ledger = o.ledger;
    this.storage = o.storage;
    this.orderer = orderer;
    this.comm.attach(host.submit);
    this.options.telemetry.log('info', `Starting peer ${this.options.name} (${this.pkiId.slice(0, 16)}) at ${this.endpoint}`);
    await host.start();
  }

  /** A local command (JOIN_CHANNEL, YIELD, STOP), decoded by the peer like any input. */
  command(command: unknown): void {
    this.host?.submit({ kind: 'command', command });
  }

  peerState(): PeerState | undefined {
    return this.host?.peerState();
  }

  settled(): Promise<void> {
    return this.host?.settled() ?? Promise.resolve();
  }

  status(): PeerStatus {
    const state = this.host?.peerState();
    return {
      name: this.options.name,
      pkiId: this.pkiId,
      endpoint: this.endpoint,
      org: this.org,
      view: state === undefined ? [] : aliveMembers(state.membership).map((m) => preferredEndpoint(m) || m.pkiId).sort(),
      leaderOf: Object.fromEntries(this.host?.leaderOf ?? []),
      heights: this.ledger?.heights() ?? {},
      connections: this.comm.connections().length,
      steps: this.host?.stepCount() ?? 0,
    };
  }

  /** Stop stepping, then close the comm layer, the deliver client, the ledger and the storage. */
  async stop(): Promise<void> {
    await this.host?.stop();
    await this.orderer?.close();
    await this.comm.stop();
    await this.ledger?.close();
    await this.storage?.close();
  }
}
