/**
 * `use handshake`: the two ends of one comm connection (src/security handshake chart; Fabric's
 * comm_impl.go `authenticateRemotePeer`, `createConnection`, `Handshake`). Each end ("side") is a
 * node with its own key; its ConnEstablish goes through the mailbox to the side it is connected
 * to. TLS certificate hashes are the host's report: a side's own certificate hash is `tls:<side>`,
 * and by default it sees its peer's.
 *
 *   use handshake connTimeout=2s tls=on
 *   side d key=Org1MSP/p1 [untrusted]      a side; untrusted: enrolled by an MSP this suite does not trust
 *   start d role=dialer peer=a [expect=a] [probe] [seen=tls:a|none]   START (expect: the PKI-ID and identity dialed)
 *   start a role=acceptor peer=d [seen=tls:d|none]
 *   forge to=d as=a [pki=c] [identity=c] [signer=c] [tls=tls:c] [content=empty] [probe]   a hand-made first message: a's, with these parts replaced
 *   malformed d / close d                  MALFORMED_RECEIVED / CLOSE
 * PKI-IDs print as side names. State: the chart's state and the authenticated remote.
 */
import { createSymbolicSuite, type SigningKey } from '../../core';
import { signMessage, type Envelope, type GossipMessage } from '../../messages';
import {
  createHandshakeReducer,
  DEFAULT_HANDSHAKE_PARAMS,
  handshakeRemote,
  handshakeViolations,
  type HandshakeCommand,
  type HandshakeOutput,
  HandshakeParams,
  type HandshakeState,
  type HandshakeTimerEvent,
} from '../../security';
import type { Args } from '../args';
import { fmtMs } from '../format';
import { decodedParams, nodeArg, oneWord, startUnit, UnitSession, type Started } from '../session';
import type { UnitHost, UnitNode } from '../unit-host';

const suite = createSymbolicSuite(7);
/** Another suite's enrolments: identities our suite does not validate. */
const stranger = createSymbolicSuite(99);

interface SideData {
  readonly key: SigningKey;
  peer: string | undefined;
}

export function handshakeSubject(a: Args): Started {
  const params = decodedParams(a, HandshakeParams, {
    connTimeoutMs: a.ms('connTimeout', DEFAULT_HANDSHAKE_PARAMS.connTimeoutMs),
    tlsEnabled: a.bool('tls', DEFAULT_HANDSHAKE_PARAMS.tlsEnabled),
  });
  a.done();
  const names = new Map<string, string>();
  const nameOf = (pki: string): string => names.get(pki) ?? pki;
  const data = (n: UnitNode): SideData => n.extra as unknown as SideData;

  const connLabel = (env: Envelope): string => {
    const c = env.payload.content;
    if (c.$case !== 'conn') return `first message ${c.$case}`;
    return `ConnEstablish pki=${nameOf(c.conn.pkiId)} tls=${c.conn.tlsCertHash === '' ? 'none' : c.conn.tlsCertHash} probe=${c.conn.probe}`;
  };

  const render = (h: UnitHost, node: UnitNode, out: unknown): string[] => {
    const o = out as HandshakeOutput;
    switch (o.kind) {
      case 'sendConnEstablish': {
        const label = connLabel(o.envelope);
        const peer = data(node).peer;
        if (peer !== undefined && h.node(peer) !== undefined) h.post(node.name, peer, label, o.envelope);
        return [`send ${label}`];
      }
      case 'authenticated':
        return [`authenticated ${nameOf(o.pkiId)} register=${o.register}${o.identitySwitchFrom === undefined ? '' : ` identitySwitchFrom=${nameOf(o.identitySwitchFrom)}`}`];
      case 'refused':
        return [`refused "${o.reason}"`];
      case 'closed':
        return ['closed'];
      default:
        return [JSON.stringify(o)];
    }
  };

  const side = (h: UnitHost, c: Args, name: string): UnitNode => h.node(name) ?? c.fail(`unknown side ${name}`);

  const session = new UnitSession(
    {
      multi: true,
      output: render,
      receive: (_h, m) => ({ type: 'CONN_ESTABLISH_RECEIVED', envelope: m.message as Envelope }) satisfies HandshakeCommand,
      timerInput: (event) => event,
      summary: (n): Record<string, string> => {
        const s = n.state as HandshakeState;
        const remote = handshakeRemote(s);
        return { state: typeof s.value === 'string' ? s.value : JSON.stringify(s.value), remote: remote === undefined ? 'none' : nameOf(remote.pkiId) };
      },
      check: (before, event, outputs, after) =>
        handshakeViolations(suite, { before: before as HandshakeState, event: event as never, outputs: outputs as HandshakeOutput[], after: after as HandshakeState }),
    },
    {
      side(h, c) {
        const untrusted = c.flag('untrusted');
        const name = oneWord(c, 'name one side: side d key=Org1MSP/p1');
        const m = /^([^/]+)\/([^/]+)$/.exec(c.str('key')) ?? c.fail('key must be <mspId>/<name>');
        const [org, peerName] = [m[1] as string, m[2] as string];
        c.done();
        if (h.node(name) !== undefined) c.fail(`${name} exists`);
        const key = (untrusted ? stranger : suite).enroll(org, peerName);
        names.set(suite.pkiIdOf(key.identity), name);
        const reducer = createHandshakeReducer({ crypto: suite, key });
        const extra: SideData = { key, peer: undefined };
        h.addNode(name, (s, e) => reducer.step(s as HandshakeState, e as HandshakeCommand | HandshakeTimerEvent), reducer.init(params), extra as unknown as Record<string, unknown>);
      },
      start(h, c) {
        const probe = c.flag('probe');
        const node = side(h, c, oneWord(c, 'name the side: start d role=dialer peer=a'));
        const role = c.oneOf('role', ['dialer', 'acceptor'] as const);
        const peer = side(h, c, c.str('peer'));
        const expect = c.has('expect') ? side(h, c, c.str('expect')) : undefined;
        const seen = c.str('seen', `tls:${peer.name}`);
        c.done();
        if (role === 'acceptor' && (expect !== undefined || probe)) c.fail('an acceptor neither expects nor probes');
        data(node).peer = peer.name;
        const tls = { tlsCertHashOwn: `tls:${node.name}`, ...(seen === 'none' ? {} : { tlsCertHashSeen: seen }) };
        const expected =
          expect === undefined ? {} : { expectedPkiId: suite.pkiIdOf(data(expect).key.identity), expectedIdentity: data(expect).key.identity };
        const start: HandshakeCommand = role === 'dialer' ? { type: 'START', role, probe, ...expected, ...tls } : { type: 'START', role, ...tls };
        h.input(node, start);
      },
      forge(h, c) {
        const to = nodeArg(h, c, 'to');
        const base = side(h, c, c.str('as'));
        const pkiOf = c.has('pki') ? side(h, c, c.str('pki')) : base;
        const identityOf = c.has('identity') ? side(h, c, c.str('identity')) : base;
        const signer = c.has('signer') ? side(h, c, c.str('signer')) : base;
        const tls = c.str('tls', `tls:${base.name}`);
        const content = c.oneOf('content', ['conn', 'empty'] as const, 'conn');
        const probe = c.flag('probe');
        c.done();
        const conn = { pkiId: suite.pkiIdOf(data(pkiOf).key.identity), identity: data(identityOf).key.identity, tlsCertHash: params.tlsEnabled ? tls : '', probe };
        const payload: GossipMessage = { nonce: 0n, channel: '', tag: 'EMPTY', content: content === 'conn' ? { $case: 'conn', conn } : { $case: 'empty', empty: {} } };
        const envelope = signMessage(suite, data(signer).key, payload);
        h.print(`${base.name} -> ${to.name}: ${connLabel(envelope)} (forged)`);
        h.input(to, { type: 'CONN_ESTABLISH_RECEIVED', envelope } satisfies HandshakeCommand);
      },
      malformed(h, c) {
        const node = side(h, c, oneWord(c, 'name the side'));
        c.done();
        h.input(node, { type: 'MALFORMED_RECEIVED', error: 'unexpected end of input' } satisfies HandshakeCommand);
      },
      close(h, c) {
        const node = side(h, c, oneWord(c, 'name the side'));
        c.done();
        h.input(node, { type: 'CLOSE' } satisfies HandshakeCommand);
      },
    },
  );
  return startUnit(session, (h) => {
    h.print(`params connTimeout=${fmtMs(params.connTimeoutMs)} tls=${params.tlsEnabled}`);
  });
}
