/**
 * Our side of a new connection (Fabric's comm createConnection / Handshake): dial the endpoint
 * within `dialTimeout` over mutual TLS, Ping within `connTimeout` to read the remote's TLS
 * certificate, open GossipStream and run the ConnEstablish handshake on it with that certificate's
 * hash bound to it. Apart from GrpcComm because it is the gRPC client's whole job, with the TLS
 * test hooks; whether the connection is then registered is GrpcComm's call.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ConnectionInfo } from '../../core';
import { pkiId as asPkiId } from '../../core';
import type { HandshakeStart } from '../../security';
import { tlsCertHash, tlsCertHashOfPem } from '../crypto-material';
import type { CommOptions } from './comm-options';
import { Connection } from './connection';
import { emptyMessage, gossipChannelCredentials, gossipClient, hostOfEndpoint, type GossipClient, type GossipClientStream } from './gossip-service';
import type { SessionVerdict } from './handshake-session';
import type { StreamAuthenticator } from './stream-auth';

export type Dialled = { readonly verdict: SessionVerdict; readonly conn?: Connection };

/** The refusal counted when the remote's TLS certificate does not name the host we dialled. */
export const TLS_HOSTNAME_REFUSAL = 'TLS server name mismatch';

const HANDSHAKE_TIMEOUT_MS = 10_000; // comm_impl.go handshakeTimeout, the deep probe's stream deadline

export class Dialer {
  private readonly clients = new Set<GossipClient>();

  constructor(
    private readonly o: CommOptions,
    /** The hash of our own TLS certificate. */
    private readonly ownHash: string,
    private readonly auth: StreamAuthenticator,
    /** A dialled connection closed (GrpcComm unregisters it). */
    private readonly onClosed: (conn: Connection) => void,
    private readonly stopping: () => boolean,
  ) {}

  /** Close every client still open (GrpcComm's stop). */
  closeClients(): void {
    for (const c of this.clients) c.close();
    this.clients.clear();
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
  async dial(endpoint: string, expected: string | undefined, probe: boolean): Promise<Dialled> {
    const fail = (reason: string): Dialled => ({ verdict: { ok: false, reason, byChart: false } });
    if (this.stopping()) return fail('Stopping');
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
        this.auth.countRefusal(TLS_HOSTNAME_REFUSAL, 'dialer');
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
    if (this.stopping()) {
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
    const r = await this.auth.authenticate(stream, start, (verdict) => {
      if (!verdict.ok || !verdict.register) return undefined;
      info.value = { pkiId: asPkiId(verdict.pkiId), identity: verdict.identity, endpoint };
      conn = new Connection(info.value, 'dialer', stream, this.o.sendBuffSize, this.o.telemetry, () => {
        closeStream();
        this.onClosed(conn as Connection);
      });
      return conn;
    });
    if (!r.ok || !r.register) {
      if (!r.ok && r.byChart) this.auth.countRefusal(r.reason, 'dialer');
      if (r.ok && !r.register) this.o.telemetry.log('debug', `Handshake with ${endpoint}: probe done`);
      stream.end();
      closeStream();
      return { verdict: r };
    }
    return { verdict: r, ...(conn === undefined ? {} : { conn }) };
  }
}
