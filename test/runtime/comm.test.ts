/**
 * The comm layer on real sockets: the handshake's refusals (no client certificate, a certificate
 * of an unknown CA, a TLS binding that is not the connection's, an unexpected PKI-ID, a server
 * certificate that does not name the dialled host), each counted; attribution of every message to
 * the authenticated PKI-ID, and undecodable frames counted and dropped.
 */
import { X509Certificate } from 'node:crypto';
import { signMessage } from '../../src/messages';
import { defaultTlsHosts, nodeOf, tlsCertHashOfPem, type NodeMaterial } from '../../src/runtime/crypto-material';
import { GrpcComm } from '../../src/runtime/grpc/comm';
import type { CommOptions } from '../../src/runtime/grpc/comm-options';
import { TLS_HOSTNAME_REFUSAL } from '../../src/runtime/grpc/dialer';
import { Connection } from '../../src/runtime/grpc/connection';
import { MemoryTelemetry, type InputOf } from '../../src/runtime/ports';
import { makeNet, waitFor, type Net } from './network-fixture';

jest.setTimeout(30_000);

const net = makeNet(21);
const foreign = makeNet(22); // another network: its TLS CAs are unknown here
const comms: GrpcComm[] = [];

afterAll(async () => {
  await Promise.all(comms.map((c) => c.stop()));
});

async function commOf(n: Net, name: string, extra: Partial<CommOptions> = {}): Promise<{ comm: GrpcComm; inputs: InputOf[]; telemetry: MemoryTelemetry; m: NodeMaterial }> {
  const m = nodeOf(n.material, name);
  const telemetry = new MemoryTelemetry();
  const comm = await GrpcComm.listen({
    crypto: n.suite,
    key: m.signKey,
    tls: { rootsPem: n.roots, certPem: m.tlsCertPem, keyPem: m.tlsKeyPem },
    listenHost: '127.0.0.1',
    listenPort: 0,
    dialTimeoutMs: 1000,
    connTimeoutMs: 1000,
    sendBuffSize: 20,
    recvBuffSize: 20,
    telemetry,
    ...extra,
  });
  comms.push(comm);
  const inputs: InputOf[] = [];
  comm.attach((i) => inputs.push(i));
  return { comm, inputs, telemetry, m };
}

const endpointOf = (c: GrpcComm) => `127.0.0.1:${c.port}`;

describe('runtime crypto material', () => {
  it('[GEN-FUNC-RUNTIME-CRYPTO-MATERIAL.1] every signing identity is valid under the X.509 suite of its network only; TLS hashes are SHA-256 of the DER', () => {
    for (const node of net.material.nodes) {
      expect(net.suite.validateIdentity(node.signKey.identity)).toBe(true);
      expect(foreign.suite.validateIdentity(node.signKey.identity)).toBe(false);
      expect(tlsCertHashOfPem(node.tlsCertPem)).toHaveLength(32);
    }
    const names = net.material.nodes.map((n) => n.name);
    expect(new Set(names.map((n) => tlsCertHashOfPem(nodeOf(net.material, n).tlsCertPem))).size).toBe(names.length);
    // Seeded keys are reproducible; the TLS certificate is not the signing certificate.
    expect(makeNet(21).material.nodes[0]?.signKey.secret).toBe(net.material.nodes[0]?.signKey.secret);
    expect(net.material.nodes[0]?.tlsCertPem).not.toBe(net.material.nodes[0]?.signCertPem);
  });

  it('[GEN-FUNC-RUNTIME-TLS-HOSTNAME.1] a TLS certificate names its node\'s hosts (name, short name, localhost, 127.0.0.1) and still verifies under its TLS CA', () => {
    const node = nodeOf(net.material, 'peer0.org2');
    const cert = new X509Certificate(node.tlsCertPem);
    expect(cert.subjectAltName).toBe('DNS:peer0.org2, DNS:peer0, DNS:localhost, IP Address:127.0.0.1');
    const tlsCa = new X509Certificate(net.material.orgs.find((o) => o.mspId === 'Org2MSP')?.tlsCaCertPem as string);
    expect(cert.verify(tlsCa.publicKey)).toBe(true);
    expect(cert.checkIssued(tlsCa)).toBe(true);
  });
});

describe('runtime comm: the handshake on real TLS connections', () => {
  it('[GEN-FUNC-RUNTIME-HANDSHAKE.1] [GEN-FUNC-RUNTIME-DIAL.1] a deep probe authenticates the remote and keeps no connection', async () => {
    const a = await commOf(net, 'peer0.org1');
    const b = await commOf(net, 'peer1.org1');
    const result = await b.comm.handshake(endpointOf(a.comm), undefined);
    expect(result).toEqual({ ok: true, pkiId: net.suite.pkiIdOf(a.m.signKey.identity), identity: a.m.signKey.identity });
    expect(b.comm.connections()).toEqual([]);
  });

  it('[GEN-FUNC-RUNTIME-TLS-REFUSALS.1] a client without a TLS certificate is refused and counted', async () => {
    const a = await commOf(net, 'peer0.org1');
    const c = await commOf(net, 'peer1.org1', { clientTlsOverride: null });
    const result = await c.comm.handshake(endpointOf(a.comm), undefined);
    expect(result.ok).toBe(false);
    await waitFor('the refusal counted', () => a.telemetry.total('runtime_handshake_refused_total') === 1, 5000);
    expect([...a.telemetry.counters.keys()]).toContain('runtime_handshake_refused_total{reason=no TLS certificate,side=acceptor}');
    expect(a.comm.connections()).toEqual([]);
  });

  it('[GEN-FUNC-RUNTIME-TLS-REFUSALS.1] a client certificate from an unknown CA is refused and counted', async () => {
    const a = await commOf(net, 'peer0.org1');
    const stranger = nodeOf(foreign.material, 'peer1.org1');
    const c = await commOf(net, 'peer1.org1', { clientTlsOverride: { certPem: stranger.tlsCertPem, keyPem: stranger.tlsKeyPem } });
    const result = await c.comm.handshake(endpointOf(a.comm), undefined);
    expect(result.ok).toBe(false);
    await waitFor('the refusal counted', () => a.telemetry.total('runtime_handshake_refused_total') === 1, 5000);
    expect([...a.telemetry.counters.keys()]).toContain('runtime_handshake_refused_total{reason=no TLS certificate,side=acceptor}');
  });

  it('[GEN-FUNC-RUNTIME-TLS-BINDING.1] a ConnEstablish whose TLS hash is not the connection certificate\'s is refused and counted', async () => {
    const a = await commOf(net, 'peer0.org1');
    const other = nodeOf(net.material, 'peer0.org2');
    const c = await commOf(net, 'peer1.org1', { forgeOwnTlsHash: tlsCertHashOfPem(other.tlsCertPem) });
    const cPki = net.suite.pkiIdOf(c.m.signKey.identity);
    // The dialer authenticates the acceptor (its binding is right); the acceptor refuses the dialer.
    await c.comm.handshake(endpointOf(a.comm), net.suite.pkiIdOf(a.m.signKey.identity));
    await waitFor('the refusal counted', () => a.telemetry.total('runtime_handshake_refused_total') === 1, 5000);
    expect([...a.telemetry.counters.keys()]).toContain('runtime_handshake_refused_total{reason=remote hash of TLS cert mismatch,side=acceptor}');
    expect(a.comm.connectionTo(cPki)).toBeUndefined();
    // The refused stream ends, and with it the dialer's connection.
    await waitFor('the dialer\'s connection closed', () => c.comm.connections().length === 0, 5000);
    expect(a.inputs).toEqual([]);
  });

  it('[GEN-FUNC-RUNTIME-DIAL.1] a dial expecting another org\'s PKI-ID is refused ("authentication failure"), counted and reported presumed dead', async () => {
    const a = await commOf(net, 'peer0.org1');
    const expected = nodeOf(net.material, 'peer0.org2').signKey.identity;
    const b = await commOf(net, 'peer1.org1', { identityOf: () => expected });
    const expectedPki = net.suite.pkiIdOf(expected);
    const result = await b.comm.handshake(endpointOf(a.comm), expectedPki);
    expect(result).toEqual({ ok: false, reason: 'authentication failure' });
    expect([...b.telemetry.counters.keys()]).toContain('runtime_handshake_refused_total{reason=authentication failure,side=dialer}');
    expect(b.inputs).toContainEqual({ kind: 'presumedDead', pkiId: expectedPki });
    expect(b.comm.connections()).toEqual([]);
  });

  it('[GEN-FUNC-RUNTIME-DIAL.1] a dial expecting a PKI-ID that finds another peer of the same org is Fabric\'s identity switch: authenticated, the switch reported', async () => {
    const a = await commOf(net, 'peer0.org1');
    const expected = nodeOf(net.material, 'peer1.org1').signKey.identity; // same org as peer0.org1
    const b = await commOf(net, 'peer0.org2', { identityOf: () => expected });
    const result = await b.comm.handshake(endpointOf(a.comm), net.suite.pkiIdOf(expected) as never);
    expect(result).toEqual({ ok: true, pkiId: net.suite.pkiIdOf(a.m.signKey.identity), identity: a.m.signKey.identity, identitySwitchFrom: net.suite.pkiIdOf(expected) });
    expect(b.telemetry.total('runtime_handshake_refused_total')).toBe(0);
  });

  it('[GEN-FUNC-RUNTIME-ATTRIBUTION.1] [GEN-FUNC-RUNTIME-DECODE-EDGE.1] messages are attributed to the authenticated PKI-ID; an undecodable frame is counted and changes nothing', async () => {
    const a = await commOf(net, 'peer0.org1');
    const b = await commOf(net, 'peer1.org1');
    const bPki = net.suite.pkiIdOf(b.m.signKey.identity);
    const aPki = net.suite.pkiIdOf(a.m.signKey.identity);
    const message = signMessage(net.suite, b.m.signKey, { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'empty', empty: {} } });
    b.comm.send([{ pkiId: aPki as never, endpoint: endpointOf(a.comm) }], message);
    await waitFor('the message received', () => a.inputs.length === 1, 5000, () => a.inputs);
    expect(a.inputs[0]).toMatchObject({ kind: 'receive', from: { pkiId: bPki, identity: b.m.signKey.identity }, payload: message });
    // Garbage on the same authenticated connection: counted, not submitted, the connection stays.
    const conn = b.comm.connectionTo(aPki) as Connection;
    expect(conn).toBeDefined();
    conn.enqueue(new Uint8Array([0xff, 0xff, 0xff]));
    b.comm.send([{ pkiId: aPki as never, endpoint: endpointOf(a.comm) }], message);
    await waitFor('the second message received', () => a.inputs.length === 2, 5000, () => a.inputs);
    expect(a.telemetry.total('runtime_decode_errors_total')).toBe(1);
    expect(a.telemetry.total('gossip_comm_messages_received')).toBe(3);
    expect(b.comm.connectionTo(aPki)).toBe(conn);
  });
});

describe('runtime comm: the server certificate must name the dialled host', () => {
  // peer0.org1's TLS certificate names `localhost` but not the address 127.0.0.1 (cryptogen's SANs
  // are the template's: a network dialled by address needs the address there).
  const sanNet = makeNet(24, (name) => (name === 'peer0.org1' ? ['peer0.org1.example.com', 'localhost'] : defaultTlsHosts(name)));

  it('[GEN-FUNC-RUNTIME-TLS-HOSTNAME.1] a dial at an address the certificate does not name is refused and counted, with presumedDead; at a name it holds, accepted', async () => {
    const a = await commOf(sanNet, 'peer0.org1');
    const b = await commOf(sanNet, 'peer1.org1', { identityOf: () => a.m.signKey.identity });
    const aPki = sanNet.suite.pkiIdOf(a.m.signKey.identity);
    const refused = await b.comm.handshake(endpointOf(a.comm), aPki as never);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.reason).toContain(TLS_HOSTNAME_REFUSAL);
    expect([...b.telemetry.counters.keys()]).toContain(`runtime_handshake_refused_total{reason=${TLS_HOSTNAME_REFUSAL},side=dialer}`);
    expect(b.inputs).toContainEqual({ kind: 'presumedDead', pkiId: aPki });
    expect(b.comm.connections()).toEqual([]);
    // The TLS session failed before any gossip stream: the server saw nothing to count or attribute.
    expect(a.telemetry.total('runtime_handshake_refused_total')).toBe(0);
    expect(a.inputs).toEqual([]);
    // The same server dialled by a name its certificate holds.
    const accepted = await b.comm.handshake(`localhost:${a.comm.port}`, undefined);
    expect(accepted).toEqual({ ok: true, pkiId: aPki, identity: a.m.signKey.identity });
    expect(b.telemetry.total('runtime_handshake_refused_total')).toBe(1);
  });
});

describe('runtime comm: one connection per pair', () => {
  it('[GEN-FUNC-RUNTIME-ONE-CONNECTION.1] two peers sending to each other at the same moment end with one shared connection, and both messages arrive', async () => {
    const a = await commOf(net, 'peer0.org2');
    const b = await commOf(net, 'peer1.org2');
    const aPki = net.suite.pkiIdOf(a.m.signKey.identity);
    const bPki = net.suite.pkiIdOf(b.m.signKey.identity);
    const empty = (key: typeof a.m.signKey) => signMessage(net.suite, key, { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'empty', empty: {} } });
    for (let round = 1; round <= 3; round++) {
      a.comm.send([{ pkiId: bPki as never, endpoint: endpointOf(b.comm) }], empty(a.m.signKey));
      b.comm.send([{ pkiId: aPki as never, endpoint: endpointOf(a.comm) }], empty(b.m.signKey));
      await waitFor(`round ${round} delivered`, () => a.inputs.length === round && b.inputs.length === round, 5000, () => [a.inputs.length, b.inputs.length]);
    }
    const ca = a.comm.connectionTo(bPki) as Connection;
    const cb = b.comm.connectionTo(aPki) as Connection;
    expect(ca).toBeDefined();
    expect(cb).toBeDefined();
    // The same stream seen from both ends: dialled by the peer with the smaller PKI-ID.
    expect(ca.side).toBe(aPki < bPki ? 'dialer' : 'acceptor');
    expect(cb.side).toBe(aPki < bPki ? 'acceptor' : 'dialer');
  });
});

describe('runtime comm: the send buffer', () => {
  it('[GEN-FUNC-RUNTIME-SEND-BUFFER.1] a full send buffer drops the frame and counts gossip_comm_overflow_count', () => {
    const telemetry = new MemoryTelemetry();
    const written: Uint8Array[] = [];
    let drain: (() => void) | undefined;
    const sink = { write: (f: Uint8Array) => (written.push(f), false), once: (_e: 'drain', l: () => void) => (drain = l) };
    const conn = new Connection({ pkiId: 'p' as never, identity: 'i', endpoint: 'e' }, 'dialer', sink, 3, telemetry, () => undefined);
    const frames = Array.from({ length: 6 }, (_, i) => new Uint8Array([i]));
    const accepted = frames.map((f) => conn.enqueue(f));
    // The first goes to the stream, which pushes back; three wait; the rest are dropped.
    expect(accepted).toEqual([true, true, true, true, false, false]);
    expect(written).toHaveLength(1);
    expect(telemetry.total('gossip_comm_overflow_count')).toBe(2);
    (drain as () => void)();
    expect(written.map((f) => f[0])).toEqual([0, 1]);
    expect(conn.queued()).toBe(2);
    conn.close();
    expect(conn.enqueue(new Uint8Array([9]))).toBe(false);
  });
});
