/**
 * The handshake on one gRPC stream, dialled or accepted, and what happens to its frames: the first
 * is the handshake's (handshake-session.ts), the next wait for the verdict, and every frame after it
 * is decoded at the edge and handed to the host attributed to the PKI-ID the handshake
 * authenticated ([GEN-FUNC-RUNTIME-ATTRIBUTION.1]). Shared by the dialer and GrpcComm's accept,
 * which differ only in how they start the handshake and what they do with the verdict.
 */
import type { CryptoSuite, SigningKey } from '../../core';
import type { HandshakeStart } from '../../security';
import { decodeEnvelope } from '../../wire';
import type { Scheduler } from '../clock';
import type { Submit, Telemetry } from '../ports';
import type { Connection } from './connection';
import type { GossipClientStream, GossipServerStream } from './gossip-service';
import { HandshakeSession, type SessionVerdict } from './handshake-session';

/** What the handshake and the frames after it need of CommOptions. */
export interface StreamAuthOptions {
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
  readonly connTimeoutMs: number;
  readonly recvBuffSize: number;
  readonly telemetry: Telemetry;
}

export class StreamAuthenticator {
  constructor(
    private readonly o: StreamAuthOptions,
    private readonly scheduler: Scheduler,
    /** Where authenticated frames go (GrpcComm's submit, silent once it stops). */
    private readonly submit: Submit,
  ) {}

  /**
   * Run the handshake on a stream. Frames before the verdict: the first is the handshake's, the
   * rest wait (at most recvBuffSize) and go to the connection `onVerdict` makes, in order.
   */
  authenticate(
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

  /** A refused handshake, counted by its reason and our side of it. */
  countRefusal(reason: string, side: 'dialer' | 'acceptor'): void {
    this.o.telemetry.count('runtime_handshake_refused_total', { reason, side });
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
}
