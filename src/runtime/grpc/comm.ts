/**
 * Fabric's comm layer over gRPC (gossip/comm/comm_impl.go, conn.go): the `gossip.Gossip` server,
 * connections by PKI-ID (one per remote; an inbound one replaces an existing one; dials to one
 * PKI-ID are serialised), dials with `dialTimeout`, Ping with `connTimeout`, the ConnEstablish
 * handshake first on each stream with the TLS certificate hash bound to it, and every frame after
 * it attributed to the PKI-ID the handshake authenticated ([GEN-FUNC-RUNTIME-ATTRIBUTION.1]).
 */
import * as grpc from '@grpc/grpc-js';
import type { ConnectionInfo, CryptoSuite, HandshakeResult, PeerRef, PkiId, SigningKey } from '../../core';
import { pkiId as asPkiId } from '../../core';
import type { HandshakeStart } from '../../security';
import { decodeEnvelope, encodeEnvelope } from '../../wire';
import { REAL_SCHEDULER, type Scheduler } from '../clock';
import { tlsCertHash, tlsCertHashOfPem } from '../crypto-material';
import type { CommPort, Submit, Telemetry } from '../ports';
import { Connection } from './connection';
import {
  addGossipService,
  emptyMessage,
  gossipChannelCredentials,
  gossipClient,
  GossipServerCredentials,
  hostOfEndpoint,
  type GossipClient,
  type GossipClientStream,
  type GossipServerStream,
} from './gossip-service';
import { HandshakeSession, type SessionVerdict } from './handshake-session';

export interface CommTls {
  /** Every trusted TLS CA, PEM, concatenated. */
  readonly rootsPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface CommOptions {
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
  readonly tls: CommTls;
  /** Where to listen: host and port (0: a free port, read back from `port`). */
  readonly listenHost: string;
  readonly listenPort: number;
  /** peer.gossip.dialTimeout, connTimeout, sendBuffSize, recvBuffSize. */
  readonly dialTimeoutMs: number;
  readonly connTimeoutMs: number;
  readonly sendBuffSize: number;
  readonly recvBuffSize: number;
  readonly telemetry: Telemetry;
  readonly scheduler?: Scheduler;
  /** Fabric's idMapper.Get: the identity held for a PKI-ID (an identity switch is judged by its org). */
  readonly identityOf?: (pkiId: string) => string | undefined;
  /** Test hook: present this TLS client certificate instead of our own (or none). */
  readonly clientTlsOverride?: { readonly certPem: string; readonly keyPem: string } | null;
  /** Test hook: replace the ConnEstablish TLS hash we send (a relayed or forged binding). */
  readonly forgeOwnTlsHash?: string;
}

type Dialled = { readonly verdict: SessionVerdict; readonly conn?: Connection };

/** The refusal counted when the remote's TLS certificate does not name the host we dialled. */
export const TLS_HOSTNAME_REFUSAL = 'TLS server name mismatch';

const HANDSHAKE_TIMEOUT_MS = 10_000; // comm_impl.go handshakeTimeout, the deep probe's stream deadline

export class GrpcComm implements CommPort {
  private readonly server = new grpc.Server({ 'grpc.max_receive_message_length': 100 * 1024 * 1024 });
  private readonly conns = new Map<string, Connection>();
  private readonly dialling = new Map<string, { frames: Uint8Array[]; done: Promise<Connection | undefined> }>();
  private readonly clients = new Set<GossipClient>();
  private readonly serverStreams = new Set<GossipServerStream>();
  private submitTo: Submit | undefined;
  private stopping = false;
  private readonly scheduler: Scheduler;
  private readonly ownHash: string;
  private readonly selfPkiId: string;
  readonly port: number = 0;

  private constructor(private readonly o: CommOptions) {
    this.scheduler = o.scheduler ?? REAL_SCHEDULER;
    this.ownHash = tlsCertHashOfPem(o.tls.certPem);
    this.selfPkiId = o.crypto.pkiIdOf(o.key.identity);
  }

  /** Start the gossip server; resolves once it listens. */
  static async listen(o: CommOptions): Promise<GrpcComm> {
    const comm = new GrpcComm(o);
    addGossipService(comm.server, {
      GossipStream: (call) => comm.accept(call),
      Ping: (_call, callback) => callback(null, emptyMessage()),
    });
    const creds = new GossipServerCredentials(o.tls.rootsPem, o.tls.keyPem, o.tls.certPem);
    const port = await new Promise<number>((resolve, reject) =>
      comm.server.bindAsync(`${o.listenHost}:${o.listenPort}`, creds, (err, p) => (err ? reject(err) : resolve(p))),
    );
    (comm as { port: number }).port = port;
    return comm;
  }

  /** Where inbound messages, handshake answers and presumed-dead reports go (the host's submit). */
  attach(submit: Submit): void {
    this.submitTo = submit;
  }

  private submit: Submit = (input) => {
    if (!this.stopping) this.submitTo?.(input);
  };

  /** The registered connection to a PKI-ID, if any (status pages, tests). */
  connectionTo(pkiId: string): Connection | undefined {
    return this.conns.get(pkiId);
  }

  connections(): ConnectionInfo[] {
    return [...this.conns.values()].map((c) => c.info);
  }

  // ---- sending ([GEN-FUNC-RUNTIME-SEND-BUFFER.1])

  send(to: readonly PeerRef[], message: unknown): void {
    if (this.stopping || to.length === 0) return;
    const frame = encodeEnvelope(message as never);
    if (!frame.ok) {
      this.o.telemetry.count('runtime_encode_errors_total', { reason: frame.error.reason });
      this.o.telemetry.log('warn', `Cannot encode a message to send: ${frame.error.message}`, { path: frame.error.path });
      return;
    }
    for (const ref of to) this.sendTo(ref, frame.value);
  }

  private sendTo(ref: PeerRef, frame: Uint8Array): void {
    const conn = this.conns.get(ref.pkiId);
    if (conn !== undefined && !conn.closed) {
      conn.enqueue(frame);
      return;
    }
    const pending = this.dialling.get(ref.pkiId);
    if (pending !== undefined) {
      if (pending.frames.length < this.o.sendBuffSize) pending.frames.push(frame);
      else this.o.telemetry.count('gossip_comm_overflow_count');
      return;
    }
    const frames = [frame];
    this.o.telemetry.log('debug', `comm: dial for send ${ref.pkiId.slice(0, 8)} at ${ref.endpoint}`);
    const done = this.createConnection(ref.endpoint, ref.pkiId).then((r) => {
      this.o.telemetry.log('debug', `comm: dial for send ${ref.pkiId.slice(0, 8)} done: ${r.verdict.ok} ${r.conn === undefined ? 'no conn' : r.conn.side}`);
      this.dialling.delete(ref.pkiId);
      if (r.conn === undefined) {
        // Fabric's sendToEndpoint: no connection → disconnect(PKI-ID), published on PresumedDead.
        this.o.telemetry.log('warn', `Failed obtaining connection for ${ref.endpoint}, ${ref.pkiId} reason: ${r.verdict.ok ? 'closed' : r.verdict.reason}`);
        this.submit({ kind: 'presumedDead', pkiId: ref.pkiId });
        return undefined;
      }
      for (const f of frames) r.conn.enqueue(f);
      return r.conn;
    });
    this.dialling.set(ref.pkiId, { frames, done });
  }

  // ---- dialling

  /** [GEN-FUNC-RUNTIME-DIAL.1] effects.ts `handshake`: a deep probe, or createConnection when a PKI-ID is expected. */
  async handshake(endpoint: string, expectedPkiId: PkiId | undefined): Promise<HandshakeResult> {
    const r = expectedPkiId === undefined ? await this.dial(endpoint, undefined, true) : await this.createConnection(endpoint, expectedPkiId);
    const v = r.verdict;
    if (!v.ok) {
      if (expectedPkiId !== undefined) this.submit({ kind: 'presumedDead', pkiId: expectedPkiId });
      return { ok: false, reason: v.reason };
    }
    return { ok: true, pkiId: asPkiId(v.pkiId), identity: v.identity, ...(v.identitySwitchFrom === undefined ? {} : { identitySwitchFrom: asPkiId(v.identitySwitchFrom) }) };
  }

  /** Fabric's connStore.getConnection after a dial: an inbound connection that arrived meanwhile wins. */
  private async createConnection(endpoint: string, expected: string): Promise<Dialled> {
    const r = await this.dial(endpoint, expected, false);
    if (!r.verdict.ok || r.conn === undefined) return r;
    const existing = this.conns.get(r.conn.info.pkiId);
    if (existing !== undefined && !existing.closed && existing !== r.conn && !this.replaces(r.conn, existing)) {
      r.conn.close();
      return { verdict: r.verdict, conn: existing };
    }
    this.register(r.conn);
    return r;
  }

  /**
   * [GEN-FUNC-RUNTIME-ONE-CONNECTION.1] Whether a new connection to a PKI-ID takes the place of the
   * one registered. Fabric: an inbound one always does, and a dial that finds one registered keeps
   * it. When both ends dial each other at once, that rule makes each close the stream the other
   * kept, and peers whose timers run in step (same config, same start) can repeat it for ever; so
   * while the registered one is younger than connTimeout, both ends keep the stream dialled by the
   * smaller PKI-ID.
   */
  private replaces(incoming: Connection, existing: Connection): boolean {
    const concurrent = incoming.side !== existing.side && Math.abs(incoming.openedAtMs - existing.openedAtMs) < this.o.connTimeoutMs;
    if (concurrent) {
      const dialledBySmaller = (c: Connection) => (c.side === 'dialer' ? this.selfPkiId < c.info.pkiId : c.info.pkiId < this.selfPkiId);
      return dialledBySmaller(incoming);
    }
    return incoming.side === 'acceptor';
  }

  private clientCredentials(dialledHost: string, onHostMismatch: (error: Error) => void): grpc.ChannelCredentials {
    const override = this.o.clientTlsOverride;
    const mine = override === undefined ? { certPem: this.o.tls.certPem, keyPem: this.o.tls.keyPem } : override;
    return gossipChannelCredentials(this.o.tls.rootsPem, mine, dialledHost, onHostMismatch);
  }

  private ownClientHash(): string | undefined {
    if (this.o.forgeOwnTlsHash !== undefined) return this.o.forgeOwnTlsHash;
    const override = this.o.clientTlsOverride;
    if (override === null) return undefined;
    return override === undefined ? this.ownHash : tlsCertHashOfPem(override.certPem);
  }

  /** Fabric's createConnection / Handshake: dial (dialTimeout), Ping (connTimeout), GossipStream, authenticate. */
  private async dial(endpoint: string, expected: string | undefined, probe: boolean): Promise<Dialled> {
    const fail = (reason: string): Dialled => ({ verdict: { ok: false, reason, byChart: false } });
    if (this.stopping) return fail('Stopping');
    if (endpoint === '') return fail('no endpoint');
    // [GEN-FUNC-RUNTIME-TLS-HOSTNAME.1] a server certificate that does not name the dialled host
    // fails the TLS session; we stop at once instead of retrying until dialTimeout.
    let hostMismatch: (error: Error) => void = () => undefined;
    const mismatch = new Promise<Error>((resolve) => (hostMismatch = resolve));
    const client = gossipClient(endpoint, this.clientCredentials(hostOfEndpoint(endpoint), (e) => hostMismatch(e)));
    this.clients.add(client);
    const closeClient = () => {
      client.close();
      this.clients.delete(client);
    };
    const ready = await Promise.race([
      new Promise<{ error?: Error }>((resolve) => client.waitForReady(Date.now() + this.o.dialTimeoutMs, (err) => resolve(err ? { error: err } : {}))),
      mismatch.then((error) => ({ error, hostname: true as const })),
    ]);
    if (ready.error !== undefined) {
      closeClient();
      if ('hostname' in ready) {
        this.countRefusal(TLS_HOSTNAME_REFUSAL, 'dialer');
        this.o.telemetry.log('warn', `TLS handshake with ${endpoint} failed: ${ready.error.message}`);
        return fail(`${TLS_HOSTNAME_REFUSAL}: ${ready.error.message}`);
      }
      this.o.telemetry.count('runtime_dial_failures_total', { stage: 'dial' });
      return fail(`dial ${endpoint}: ${ready.error.message}`);
    }
    const seen = await new Promise<{ hash?: string; error?: string }>((resolve) => {
      const call = client.Ping(emptyMessage(), { deadline: Date.now() + this.o.connTimeoutMs }, (err) => {
        if (err) return resolve({ error: err.message });
        const raw = call.getAuthContext()?.sslPeerCertificate?.raw;
        resolve(raw === undefined ? {} : { hash: tlsCertHash(raw) });
      });
    });
    if (seen.error !== undefined) {
      closeClient();
      this.o.telemetry.count('runtime_dial_failures_total', { stage: 'ping' });
      return fail(`ping ${endpoint}: ${seen.error}`);
    }
    if (this.stopping) {
      closeClient();
      return fail('Stopping');
    }
    const stream: GossipClientStream = client.GossipStream(probe ? { deadline: Date.now() + HANDSHAKE_TIMEOUT_MS } : {});
    const expectedIdentity = expected === undefined ? undefined : this.o.identityOf?.(expected);
    const own = this.ownClientHash();
    const start: HandshakeStart = {
      type: 'START',
      role: 'dialer',
      probe,
      ...(expected === undefined ? {} : { expectedPkiId: expected }),
      ...(expectedIdentity === undefined ? {} : { expectedIdentity }),
      ...(seen.hash === undefined ? {} : { tlsCertHashSeen: seen.hash }),
      ...(own === undefined ? {} : { tlsCertHashOwn: own }),
    };
    let conn: Connection | undefined;
    const info: { value?: ConnectionInfo } = {};
    const closeStream = () => {
      stream.cancel();
      closeClient();
    };
    const r = await this.authenticate(stream, start, (verdict) => {
      if (!verdict.ok || !verdict.register) return undefined;
      info.value = { pkiId: asPkiId(verdict.pkiId), identity: verdict.identity, endpoint };
      conn = new Connection(info.value, 'dialer', stream, this.o.sendBuffSize, this.o.telemetry, () => {
        closeStream();
        this.unregister(conn as Connection);
      });
      return conn;
    });
    if (!r.ok || !r.register) {
      if (!r.ok && r.byChart) this.countRefusal(r.reason, 'dialer');
      if (r.ok && !r.register) this.o.telemetry.log('debug', `Handshake with ${endpoint}: probe done`);
      stream.end();
      closeStream();
      return { verdict: r };
    }
    return { verdict: r, ...(conn === undefined ? {} : { conn }) };
  }

  // ---- accepting

  /** Fabric's GossipStream server side: authenticate, then register (replacing any existing connection). */
  private accept(call: GossipServerStream): void {
    if (this.stopping) {
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'shutting down' });
      return;
    }
    this.serverStreams.add(call);
    call.on('close', () => this.serverStreams.delete(call));
    const raw = call.getAuthContext()?.sslPeerCertificate?.raw;
    const start: HandshakeStart = { type: 'START', role: 'acceptor', tlsCertHashOwn: this.ownHash, ...(raw === undefined ? {} : { tlsCertHashSeen: tlsCertHash(raw) }) };
    const endpoint = call.getPeer();
    let conn: Connection | undefined;
    void this.authenticate(call, start, (verdict) => {
      if (!verdict.ok || !verdict.register) return undefined;
      conn = new Connection({ pkiId: asPkiId(verdict.pkiId), identity: verdict.identity, endpoint }, 'acceptor', call, this.o.sendBuffSize, this.o.telemetry, () => {
        call.end();
        this.unregister(conn as Connection);
      });
      const existing = this.conns.get(conn.info.pkiId);
      if (existing !== undefined && !existing.closed && !this.replaces(conn, existing)) {
        conn.close();
        return undefined;
      }
      this.register(conn);
      return conn;
    }).then((v) => {
      if (v.ok && !v.register) {
        this.o.telemetry.log('info', `Peer ${v.pkiId} (${endpoint}) probed us`);
        call.end();
      } else if (!v.ok) {
        if (v.byChart) this.countRefusal(v.reason, 'acceptor');
        this.o.telemetry.log('warn', `Authentication failed: ${v.reason}`, { remote: endpoint });
        call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: v.reason });
      }
    });
  }

  /**
   * Run the handshake on a stream. Frames before the verdict: the first is the handshake's, the
   * rest wait (at most recvBuffSize) and go to the connection `onVerdict` makes, in order.
   */
  private authenticate(
    stream: GossipClientStream | GossipServerStream,
    start: HandshakeStart,
    onVerdict: (v: SessionVerdict) => Connection | undefined,
  ): Promise<SessionVerdict> {
    const session = new HandshakeSession(this.o.crypto, this.o.key, { connTimeoutMs: this.o.connTimeoutMs, tlsEnabled: true }, {
      write: (frame) => stream.write(frame),
      scheduler: this.scheduler,
    });
    let first = true;
    let conn: Connection | undefined;
    const early: Uint8Array[] = [];
    stream.on('data', (frame: Uint8Array) => {
      if (conn !== undefined) return this.inbound(conn, frame);
      if (first) {
        first = false;
        return session.receive(frame);
      }
      if (early.length < this.o.recvBuffSize) early.push(frame);
      else this.o.telemetry.count('runtime_inputs_dropped_total', { kind: 'early' });
    });
    const ended = (why: string) => () => {
      session.close(why);
      conn?.close();
    };
    stream.on('error', (e: Error) => ended(`stream error: ${e.message}`)());
    stream.on('end', ended('stream ended'));
    stream.on('close', ended('stream closed'));
    session.start(start);
    return session.verdict.then((v) => {
      conn = onVerdict(v);
      if (conn !== undefined) for (const f of early.splice(0)) this.inbound(conn, f);
      return v;
    });
  }

  /** [GEN-FUNC-RUNTIME-DECODE-EDGE.1] [GEN-FUNC-RUNTIME-ATTRIBUTION.1] A frame on an authenticated connection. */
  private inbound(conn: Connection, frame: Uint8Array): void {
    if (conn.closed) return;
    this.o.telemetry.count('gossip_comm_messages_received');
    const decoded = decodeEnvelope(frame);
    if (!decoded.ok) {
      this.o.telemetry.count('runtime_decode_errors_total', { reason: decoded.error.reason });
      this.o.telemetry.log('debug', `Dropped an undecodable message from ${conn.info.pkiId}: ${decoded.error.message}`, { path: decoded.error.path });
      return;
    }
    this.submit({ kind: 'receive', from: conn.info, payload: decoded.value });
  }

  private countRefusal(reason: string, side: 'dialer' | 'acceptor'): void {
    this.o.telemetry.count('runtime_handshake_refused_total', { reason, side });
  }

  private register(conn: Connection): void {
    const existing = this.conns.get(conn.info.pkiId);
    this.o.telemetry.log('debug', `comm: register ${conn.side} ${conn.info.pkiId.slice(0, 8)} replacing ${existing === undefined ? 'none' : existing.side}`);
    this.conns.set(conn.info.pkiId, conn);
    if (existing !== undefined && existing !== conn) existing.close();
  }

  private unregister(conn: Connection): void {
    this.o.telemetry.log('debug', `comm: close ${conn.side} ${conn.info.pkiId.slice(0, 8)} (registered: ${this.conns.get(conn.info.pkiId) === conn})`);
    if (this.conns.get(conn.info.pkiId) === conn) this.conns.delete(conn.info.pkiId);
  }

  close(pkiId: string): void {
    this.conns.get(pkiId)?.close();
  }

  /** Close every connection and stream, then the server. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const c of [...this.conns.values()]) c.close();
    for (const c of this.clients) c.close();
    this.clients.clear();
    await Promise.all([...this.dialling.values()].map((d) => d.done.catch(() => undefined)));
    for (const s of this.serverStreams) s.end();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 1000);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
