/**
 * Fabric's comm layer over gRPC (gossip/comm/comm_impl.go, conn.go): the `gossip.Gossip` server,
 * connections by PKI-ID (one per remote; an inbound one replaces an existing one; dials to one
 * PKI-ID are serialised), dials with `dialTimeout`, Ping with `connTimeout`, the ConnEstablish
 * handshake first on each stream with the TLS certificate hash bound to it, and every frame after
 * it attributed to the PKI-ID the handshake authenticated ([GEN-FUNC-RUNTIME-ATTRIBUTION.1]).
 *
 * GrpcComm is the runtime's CommPort: it owns the server and the accepted streams, routes sends,
 * serialises dials, decides what is registered, and stops. Its parts with a job of their own are
 * beside it: the dial (dialer.ts), the handshake on a stream and the frames after it
 * (stream-auth.ts), the registry and its replace rule (conn-store.ts), the options (comm-options.ts).
 */
import * as grpc from '@grpc/grpc-js';
import type { ConnectionInfo, HandshakeResult, PeerRef, PkiId } from '../../core';
import { pkiId as asPkiId } from '../../core';
import type { HandshakeStart } from '../../security';
import { encodeEnvelope } from '../../wire';
import { REAL_SCHEDULER } from '../clock';
import { tlsCertHash, tlsCertHashOfPem } from '../crypto-material';
import type { CommPort, Submit } from '../ports';
import type { CommOptions } from './comm-options';
import { ConnStore } from './conn-store';
import { Connection } from './connection';
import { Dialer, type Dialled } from './dialer';
import { addGossipService, emptyMessage, GossipServerCredentials, type GossipServerStream } from './gossip-service';
import { StreamAuthenticator } from './stream-auth';

export class GrpcComm implements CommPort {
  private readonly server = new grpc.Server({ 'grpc.max_receive_message_length': 100 * 1024 * 1024 });
  private readonly dialling = new Map<string, { frames: Uint8Array[]; done: Promise<Connection | undefined> }>();
  private readonly serverStreams = new Set<GossipServerStream>();
  private submitTo: Submit | undefined;
  private stopping = false;
  private readonly ownHash: string;
  private readonly conns: ConnStore;
  private readonly auth: StreamAuthenticator;
  private readonly dialer: Dialer;
  readonly port: number = 0;

  private constructor(private readonly o: CommOptions) {
    this.ownHash = tlsCertHashOfPem(o.tls.certPem);
    this.conns = new ConnStore(o.crypto.pkiIdOf(o.key.identity), o.connTimeoutMs, o.telemetry);
    this.auth = new StreamAuthenticator(o, o.scheduler ?? REAL_SCHEDULER, this.submit);
    this.dialer = new Dialer(o, this.ownHash, this.auth, (conn) => this.conns.unregister(conn), () => this.stopping);
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
    return this.conns.all().map((c) => c.info);
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
    const r = expectedPkiId === undefined ? await this.dialer.dial(endpoint, undefined, true) : await this.createConnection(endpoint, expectedPkiId);
    const v = r.verdict;
    if (!v.ok) {
      if (expectedPkiId !== undefined) this.submit({ kind: 'presumedDead', pkiId: expectedPkiId });
      return { ok: false, reason: v.reason };
    }
    return { ok: true, pkiId: asPkiId(v.pkiId), identity: v.identity, ...(v.identitySwitchFrom === undefined ? {} : { identitySwitchFrom: asPkiId(v.identitySwitchFrom) }) };
  }

  /** Fabric's connStore.getConnection after a dial: an inbound connection that arrived meanwhile wins. */
  private async createConnection(endpoint: string, expected: string): Promise<Dialled> {
    const r = await this.dialer.dial(endpoint, expected, false);
    if (!r.verdict.ok || r.conn === undefined) return r;
    const existing = this.conns.get(r.conn.info.pkiId);
    if (existing !== undefined && !existing.closed && existing !== r.conn && !this.conns.replaces(r.conn, existing)) {
      r.conn.close();
      return { verdict: r.verdict, conn: existing };
    }
    this.conns.register(r.conn);
    return r;
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
    void this.auth.authenticate(call, start, (verdict) => {
      if (!verdict.ok || !verdict.register) return undefined;
      conn = new Connection({ pkiId: asPkiId(verdict.pkiId), identity: verdict.identity, endpoint }, 'acceptor', call, this.o.sendBuffSize, this.o.telemetry, () => {
        call.end();
        this.conns.unregister(conn as Connection);
      });
      const existing = this.conns.get(conn.info.pkiId);
      if (existing !== undefined && !existing.closed && !this.conns.replaces(conn, existing)) {
        conn.close();
        return undefined;
      }
      this.conns.register(conn);
      return conn;
    }).then((v) => {
      if (v.ok && !v.register) {
        this.o.telemetry.log('info', `Peer ${v.pkiId} (${endpoint}) probed us`);
        call.end();
      } else if (!v.ok) {
        if (v.byChart) this.auth.countRefusal(v.reason, 'acceptor');
        this.o.telemetry.log('warn', `Authentication failed: ${v.reason}`, { remote: endpoint });
        call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: v.reason });
      }
    });
  }

  close(pkiId: string): void {
    this.conns.get(pkiId)?.close();
  }

  /** Close every connection and stream, then the server. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const c of this.conns.all()) c.close();
    this.dialer.closeClients();
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
