/**
 * Ports of gossip/comm/comm_test.go TestHandshake, TestConnectUnexpectedPeer and TestProbe, run with
 * the symbolic and the ECDSA P-256 suite. How the mechanism differs:
 *  - Fabric's tests open real gRPC streams; here each side is the handshake reducer and the test
 *    carries the first messages between them. Fabric's "0 messages on acceptChan" is "the acceptor
 *    holds no registered connection" (`hasConnection`); each negative also asserts the typed reason.
 *  - Fabric's naiveSecProvider makes the identity the endpoint string and signs with a shared HMAC
 *    key; here every peer has its own key, so "sign again" means signing with the dialer's key.
 *  - TLS certificates are outside the model: the host passes the hashes it saw ([SEC-ASM-TLS-HASH-SEEN.1]).
 *  - TestProbe's `Probe` (a Ping RPC) and failed dials happen before a handshake starts; a peer that
 *    is not listening is a stream on which no ConnEstablish ever arrives, a stopped peer one the host closes.
 */
import { latin1Bytes, latin1Text, marshalGossipMessage } from '../../src/messages';
import { DEFAULT_HANDSHAKE_PARAMS } from '../../src/security';
import { connFieldsOf, createWorld, Side, signedConn, SUITE_KINDS, type ConnFields, type World } from './handshake-fixture';

const TLS = { ...DEFAULT_HANDSHAKE_PARAMS, tlsEnabled: true };

for (const kind of SUITE_KINDS) {
  describe(`comm_test.go ports, ${kind} suite`, () => {
    const w: World = createWorld(kind);
    const clientCert = w.crypto.hash('dialer client cert');
    const serverCert = w.crypto.hash('comm server cert');
    const commKey = w.key('Org1MSP', '127.0.0.1:5611');
    const dialerKey = w.key('Org1MSP', '127.0.0.1:5612');

    /** Fabric's `handshaker`: our hand-made (and mutated) ConnEstablish against a comm instance accepting with `tls`. */
    function handshaker(mutate: (c: ConnFields) => ConnFields, tls: 'none' | 'oneWayTLS' | 'mutualTLS') {
      const comm = new Side(w, commKey, tls === 'none' ? DEFAULT_HANDSHAKE_PARAMS : TLS);
      comm.start({ role: 'acceptor', ...(tls === 'mutualTLS' ? { tlsCertHashSeen: clientCert } : {}), ...(tls === 'none' ? {} : { tlsCertHashOwn: serverCert }) });
      const conn = mutate(connFieldsOf(w, dialerKey, tls === 'mutualTLS' ? clientCert : ''));
      return { comm, msg: signedConn(w, dialerKey, conn) };
    }
    const positive = (comm: Side) => {
      const [info] = comm.authenticated();
      expect(comm.hasConnection()).toBe(true);
      expect(info?.pkiId).toBe(w.crypto.pkiIdOf(dialerKey.identity));
      expect(info?.identity).toBe(dialerKey.identity);
      // Auth.SignedData is a byte string: the bytes the remote signed.
      expect(info?.auth.signature).toBe(w.crypto.sign(dialerKey, latin1Bytes(info?.auth.signedData ?? '') ?? new Uint8Array(0)));
    };
    const negative = (comm: Side, reason: string) => {
      expect(comm.hasConnection()).toBe(false);
      expect(comm.refusals()).toEqual([reason]);
      expect(comm.closed()).toBe(true);
    };

    it('[SEC-FUNC-AUTHENTICATED.1] TestHandshake: positive path 1, authentication without TLS', () => {
      const { comm, msg } = handshaker((c) => c, 'none');
      comm.receive(msg);
      positive(comm);
      // Fabric's ConnectionInfo.Auth.SignedData: the marshalled GossipMessage the signature covers.
      expect(comm.authenticated()[0]?.auth.signedData).toBe(latin1Text(marshalGossipMessage(msg.payload) ?? new Uint8Array(0)));
    });

    it('[SEC-FUNC-AUTHENTICATED.1] [SEC-FUNC-TLS-CERT-HASH.1] [SEC-MSG-CONN-ESTABLISH.1] TestHandshake: positive path 2, the initiating peer sends its own certificate', () => {
      const { comm, msg } = handshaker((c) => c, 'mutualTLS');
      // handshaker's own checks on the comm's ConnEstablish: its PKI-ID and its server certificate's hash.
      const answer = comm.sent()?.payload.content;
      expect(answer?.$case === 'conn' && answer.conn.pkiId).toBe(w.crypto.pkiIdOf(commKey.identity));
      expect(answer?.$case === 'conn' && answer.conn.tlsCertHash).toBe(serverCert);
      comm.receive(msg);
      positive(comm);
    });

    it("[SEC-FUNC-NO-TLS-CERT.1] TestHandshake: the initiating peer doesn't send its own certificate", () => {
      const { comm, msg } = handshaker((c) => c, 'oneWayTLS');
      expect(comm.sent()).toBeUndefined();
      comm.receive(msg);
      negative(comm, 'no TLS certificate');
    });

    /** A mutated ConnEstablish, signed again with the dialer's key (Fabric's `msg.Sign(signer)`), is refused for `reason`. */
    const refusedWhenSignedAgain = (mutate: (c: ConnFields) => ConnFields, reason: string) => {
      const { comm, msg } = handshaker(mutate, 'mutualTLS');
      comm.receive(msg);
      negative(comm, reason);
    };

    it("[SEC-FUNC-IDENTITY-CHECK.1] TestHandshake: the PKIid doesn't match the identity", () => {
      const otherPkiId = w.crypto.pkiIdOf(w.key('Org1MSP', '127.0.0.1:5613').identity);
      refusedWhenSignedAgain((c) => ({ ...c, pkiId: otherPkiId }), "identity doesn't match the computed pkiID");
    });

    it("[SEC-FUNC-TLS-CERT-HASH.1] TestHandshake: the cert hash isn't what is expected", () => {
      refusedWhenSignedAgain((c) => ({ ...c, tlsCertHash: `${c.tlsCertHash}0` }), 'remote hash of TLS cert mismatch');
    });

    it('[SEC-FUNC-NO-PKI-ID.1] TestHandshake: no PKI-ID was sent', () => {
      refusedWhenSignedAgain((c) => ({ ...c, pkiId: '' }), 'no PKI-ID');
    });

    it('[SEC-FUNC-SIGNATURE.1] TestHandshake: the signature is wrong', () => {
      const { comm, msg } = handshaker((c) => c, 'mutualTLS');
      comm.receive({ ...msg, signature: `${msg.signature}0` });
      negative(comm, 'signature invalid');
    });

    it('[SEC-FUNC-WRONG-TYPE.1] TestHandshake: the connection message is of a different type', () => {
      const { comm } = handshaker((c) => c, 'mutualTLS');
      comm.receive(signedConn(w, dialerKey, connFieldsOf(w, dialerKey), { $case: 'empty', empty: {} }));
      negative(comm, 'wrong type');
    });

    it("[SEC-FUNC-TIMEOUT.1] TestHandshake: the peer didn't respond to the handshake in due time", () => {
      const { comm, msg } = handshaker((c) => c, 'mutualTLS');
      comm.driver.advanceBy(5000); // the mutator sleeps 5s; connTimeout is 2s
      comm.receive(msg);
      negative(comm, 'timed out waiting for connection message');
      expect(comm.driver.outputs.find((o) => o.output.kind === 'refused')?.atMs).toBe(2000);
    });
  });
}
