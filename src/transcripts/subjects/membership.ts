/**
 * `use membership`: one peer's discovery (src/membership; Fabric's gossip/discovery/
 * discovery_impl.go). One node, `self`. Other peers are declared with `peer`; the alive messages,
 * membership requests and responses they send are built and signed by the transcript (symbolic
 * crypto), and handshake results are given by hand. PKI-IDs print as peer names.
 *
 *   use membership self=A org=Org1MSP port=7001 [external=none|host:port] [bootstrap=(localhost:7002)] [base=fabric-test|default] [seed=1] [<param>=<value> ...]
 *   peer B [org=Org1MSP] port=7002 [external=none|host:port]
 *   alive from=B [about=B] seq=1 [start=0ms] [identity] [nosecret] [signer=C] [endpoint=host:port] [metadata=m]
 *   memreq from=B [about=C] [seq=1]         a membership request carrying B's (or C's) alive message
 *   memres from=C alive=(B:1,D:2) [dead=(E:1)] [nonce=n1] [identities]   a membership response (peer:seq), echoing a printed nonce; identities: each alive message carries its signer's identity
 *   handshake endpoint=localhost:7002 attempt=1 (ok=B | fail=reason)   HANDSHAKE_RESULT
 *   presumed-dead B / identity-purged B / stop
 *   anchors channel=A peers=(Org2MSP@host:7051)   ANCHOR_PEERS
 * Parameters default to Fabric's code defaults (`base=default`) or discovery_test.go's
 * (`base=fabric-test`); any may be set by name (durations without the Ms suffix).
 * State: alive and dead members.
 */
import { createSymbolicSuite, nanosFromMs, orgId, type ConnectionInfo, type PkiId, type SigningKey } from '../../core';
import { noopSign, signMessage, type Envelope } from '../../messages';
import {
  aliveMembers,
  aliveOf,
  checkMembershipStep,
  createMembershipReducer,
  DEFAULT_MEMBERSHIP_PARAMS,
  deadMembers,
  FABRIC_DISCOVERY_TEST_PARAMS,
  type AliveEnvelope,
  type MembershipEvent,
  type MembershipOutput,
  MembershipParams,
  type MembershipState,
} from '../../membership';
import type { Args } from '../args';
import { Aliases, fmtMs, list } from '../format';
import { decodedParams, oneWord, startUnit, UnitSession, type Started } from '../session';
import type { UnitHost, UnitNode } from '../unit-host';

const suite = createSymbolicSuite(11);

/** Fabric's membership request and response: NoopSigned, tag EMPTY. */
const membershipRequest = (selfInformation: AliveEnvelope, nonce: bigint): Envelope =>
  noopSign({ nonce, channel: '', tag: 'EMPTY', content: { $case: 'memReq', memReq: { selfInformation, known: [] } } });
const membershipResponse = (alive: readonly AliveEnvelope[], dead: readonly AliveEnvelope[], nonce: bigint): Envelope =>
  noopSign({ nonce, channel: '', tag: 'EMPTY', content: { $case: 'memRes', memRes: { alive, dead } } });

interface Declared {
  readonly name: string;
  readonly key: SigningKey;
  readonly pkiId: PkiId;
  readonly internal: string;
  readonly external: string;
}

const DURATION_PARAMS = [
  'aliveTimeInterval',
  'aliveExpirationTimeout',
  'aliveExpirationCheckInterval',
  'reconnectInterval',
  'pullInterval',
  'publishCertPeriod',
] as const;
const COUNT_PARAMS = ['pullPeerNum', 'maxConnectionAttempts', 'msgExpirationFactor', 'propagatePeerNum'] as const;

function paramsFrom(a: Args): MembershipParams {
  const base = a.oneOf('base', ['default', 'fabric-test'] as const, 'default') === 'default' ? DEFAULT_MEMBERSHIP_PARAMS : FABRIC_DISCOVERY_TEST_PARAMS;
  const p: Record<string, number> = { ...base };
  for (const k of DURATION_PARAMS) p[`${k}Ms`] = a.ms(k, base[`${k}Ms`]);
  for (const k of COUNT_PARAMS) p[k] = a.int(k, base[k]);
  return decodedParams(a, MembershipParams, p);
}

export function membershipSubject(a: Args): Started {
  const selfName = a.str('self', 'A');
  const selfOrg = a.str('org', 'Org1MSP');
  const selfPort = a.int('port', 7001);
  const selfExternal = a.str('external', `localhost:${selfPort}`);
  const bootstrap = a.list('bootstrap', []);
  const seed = a.int('seed', 1);
  const params = paramsFrom(a);
  a.done();

  const peers = new Map<string, Declared>();
  const names = new Map<string, string>();
  const declare = (name: string, org: string, port: number, external: string): Declared => {
    const key = suite.enroll(org, name);
    const internal = `localhost:${port}`;
    const p = { name, key, pkiId: suite.pkiIdOf(key.identity), internal, external: external === 'none' ? '' : external };
    peers.set(name, p);
    names.set(p.pkiId, name);
    return p;
  };
  const self = declare(selfName, selfOrg, selfPort, selfExternal);
  const nameOf = (pki: string): string => names.get(pki) ?? pki;
  const reducer = createMembershipReducer({ crypto: suite, key: self.key });
  const peerNamed = (c: Args, name: string): Declared => peers.get(name) ?? c.fail(`unknown peer ${name} (declare it with: peer ${name} port=...)`);
  const connOf = (p: Declared): ConnectionInfo => ({ pkiId: p.pkiId, identity: p.key.identity, endpoint: p.internal });

  const aliveFrom = (
    p: Declared,
    seq: number,
    opts: { startMs?: number; secret?: boolean; identity?: boolean; endpoint?: string; metadata?: string; signer?: Declared } = {},
  ): AliveEnvelope => {
    const payload = {
      nonce: 0n,
      channel: '',
      tag: 'EMPTY' as const,
      content: {
        $case: 'aliveMsg' as const,
        aliveMsg: {
          membership: { endpoint: opts.endpoint ?? p.external, metadata: opts.metadata ?? '', pkiId: p.pkiId },
          timestamp: { incNum: nanosFromMs(opts.startMs ?? 0), seqNum: BigInt(seq) },
          ...(opts.identity === true ? { identity: p.key.identity } : {}),
        },
      },
    };
    return signMessage(suite, (opts.signer ?? p).key, payload, opts.secret === false ? undefined : p.internal) as AliveEnvelope;
  };

  /** `alive(B seq=2 start=10ms +internal)`: +internal when the SecretEnvelope (internal endpoint) is there. */
  const aliveText = (e: AliveEnvelope): string => {
    const m = aliveOf(e);
    const inc = m.timestamp.incNum / 1_000_000n;
    return `alive(${nameOf(m.membership.pkiId)} seq=${m.timestamp.seqNum}${inc === 0n ? '' : ` start=${fmtMs(Number(inc))}`}${e.secretEnvelope === undefined ? '' : ' +internal'})`;
  };
  const nonces = new Aliases('n');
  const messageText = (env: Envelope): string => {
    const c = env.payload.content;
    if (c.$case === 'memReq') return `memReq ${nonces.of(env.payload.nonce)} ${aliveText(c.memReq.selfInformation as AliveEnvelope)}`;
    if (c.$case === 'memRes') {
      const entries = (xs: readonly unknown[]) => list(xs.map((x) => aliveText(x as AliveEnvelope)).sort());
      return `memRes ${nonces.of(env.payload.nonce)} alive=${entries(c.memRes.alive)} dead=${entries(c.memRes.dead)}`;
    }
    if (c.$case === 'aliveMsg') return aliveText(env as AliveEnvelope);
    return c.$case;
  };

  const render = (_h: UnitHost, _n: UnitNode, out: unknown): string[] => {
    const o = out as MembershipOutput;
    switch (o.kind) {
      case 'send':
        return [`send ${messageText(o.message)} -> ${list(o.to.map((r) => `${nameOf(r.pkiId)}@${r.endpoint}`).sort())}`];
      case 'handshake':
        return [`handshake ${o.endpoint} attempt=${o.attempt}${o.expectedPkiId === undefined ? '' : ` expect=${nameOf(o.expectedPkiId)}`}`];
      case 'closeConnection':
        return [`closeConnection ${nameOf(o.pkiId)}`];
      case 'gossip':
        return [`gossip ${aliveText(o.envelope)}${o.excludePkiId === undefined ? '' : ` exclude=${nameOf(o.excludePkiId)}`}`];
      case 'rejected':
        return [`rejected ${o.reason}`];
      case 'identityLearned':
        return [`identityLearned ${nameOf(o.pkiId)}`];
      case 'identityUsed':
        return [`identityUsed ${nameOf(o.pkiId)}`];
      case 'log':
        return [`log ${o.level} ${o.message}`];
      case 'metric':
        return [`metric ${o.name}=${o.value}`];
      default:
        return [JSON.stringify(o)];
    }
  };

  const selfNode = (h: UnitHost): UnitNode => h.node('self') as UnitNode;
  const feed = (h: UnitHost, body: Record<string, unknown>): void => {
    h.input(selfNode(h), { ...body, nowMs: h.nowMs } as MembershipEvent);
  };
  const members = (xs: readonly { pkiId: string }[]): string => list(xs.map((m) => nameOf(m.pkiId)).sort());

  const session = new UnitSession(
    {
      multi: false,
      output: render,
      receive: () => {
        throw new Error('membership inputs are built by its commands');
      },
      timerInput: (event, nowMs) => ({ ...(event as object), nowMs }),
      summary: (n): Record<string, string> => {
        const s = n.state as MembershipState;
        return { alive: members(aliveMembers(s)), dead: members(deadMembers(s)) };
      },
      check: (before, event, outputs, after) => {
        const v = checkMembershipStep(before as MembershipState, event as MembershipEvent, after as MembershipState, outputs as MembershipOutput[]);
        return v === undefined ? [] : [v];
      },
    },
    {
      peer(h, c) {
        const name = oneWord(c, 'name one peer: peer B port=7002');
        const org = c.str('org', 'Org1MSP');
        const port = c.int('port');
        const external = c.str('external', `localhost:${port}`);
        c.done();
        if (peers.has(name)) c.fail(`${name} is declared already`);
        declare(name, org, port, external);
        h.print(`declared ${name} org=${org} internal=localhost:${port} external=${external}`);
      },
      alive(h, c) {
        const from = peerNamed(c, c.str('from'));
        const about = c.has('about') ? peerNamed(c, c.str('about')) : from;
        const seq = c.int('seq');
        const startMs = c.ms('start', 0);
        const identity = c.flag('identity');
        const secret = !c.flag('nosecret');
        const signer = c.has('signer') ? peerNamed(c, c.str('signer')) : undefined;
        const endpoint = c.str('endpoint', undefined);
        const metadata = c.str('metadata', undefined);
        c.done();
        const envelope = aliveFrom(about, seq, {
          startMs,
          identity,
          secret,
          ...(signer === undefined ? {} : { signer }),
          ...(endpoint === undefined ? {} : { endpoint }),
          ...(metadata === undefined ? {} : { metadata }),
        });
        feed(h, { type: 'MESSAGE_RECEIVED', from: connOf(from), envelope });
      },
      memreq(h, c) {
        const from = peerNamed(c, c.str('from'));
        const about = c.has('about') ? peerNamed(c, c.str('about')) : from;
        const seq = c.int('seq', 1);
        c.done();
        feed(h, { type: 'MESSAGE_RECEIVED', from: connOf(from), envelope: membershipRequest(aliveFrom(about, seq, { identity: true }), 0n) });
      },
      memres(h, c) {
        const from = peerNamed(c, c.str('from'));
        const identity = c.flag('identities');
        const entries = (key: string): AliveEnvelope[] =>
          c.list(key, []).map((x) => {
            const m = /^([^:]+):(\d+)$/.exec(x) ?? c.fail(`${key} element ${x} must be peer:seq`);
            return aliveFrom(peerNamed(c, m[1] as string), Number(m[2]), { identity });
          });
        const alive = entries('alive');
        const dead = entries('dead');
        const alias = c.str('nonce', undefined);
        c.done();
        const nonce = alias === undefined ? 0n : BigInt(nonces.valueOf(alias) ?? c.fail(`nonce ${alias} was never printed`));
        feed(h, { type: 'MESSAGE_RECEIVED', from: connOf(from), envelope: membershipResponse(alive, dead, nonce) });
      },
      handshake(h, c) {
        const endpoint = c.str('endpoint');
        const attempt = c.int('attempt');
        const ok = c.has('ok') ? peerNamed(c, c.str('ok')) : undefined;
        const fail = c.str('fail', undefined);
        c.done();
        if ((ok === undefined) === (fail === undefined)) c.fail('give ok=<peer> or fail=<reason>');
        const result = ok === undefined ? { ok: false, reason: fail } : { ok: true, pkiId: ok.pkiId, identity: ok.key.identity };
        feed(h, { type: 'HANDSHAKE_RESULT', endpoint, attempt, result });
      },
      'presumed-dead'(h, c) {
        const p = peerNamed(c, oneWord(c, 'name the peer'));
        c.done();
        feed(h, { type: 'PRESUMED_DEAD', pkiId: p.pkiId });
      },
      'identity-purged'(h, c) {
        const p = peerNamed(c, oneWord(c, 'name the peer'));
        c.done();
        feed(h, { type: 'IDENTITY_PURGED', pkiId: p.pkiId });
      },
      anchors(h, c) {
        const channel = c.str('channel');
        const anchors = c.list('peers').map((x) => {
          const m = /^([^@]+)@(.+)$/.exec(x) ?? c.fail(`anchor ${x} must be org@host:port`);
          return { org: orgId(m[1] as string), endpoint: m[2] as string };
        });
        c.done();
        feed(h, { type: 'ANCHOR_PEERS', channel, anchors });
      },
      stop(h, c) {
        c.done();
        feed(h, { type: 'STOP' });
      },
    },
  );
  return startUnit(session, (h) => {
    h.print(`self ${selfName} org=${selfOrg} internal=localhost:${selfPort} external=${selfExternal} bootstrap=${list(bootstrap)}`);
    h.print(
      `params ${DURATION_PARAMS.map((k) => `${k}=${fmtMs(params[`${k}Ms`])}`).join(' ')} ${COUNT_PARAMS.map((k) => `${k}=${params[k]}`).join(' ')}`,
    );
    const init = reducer.init({
      self: { pkiId: self.pkiId, identity: self.key.identity, org: orgId(selfOrg), internalEndpoint: self.internal, externalEndpoint: self.external, metadata: '' },
      startTimeMs: 0,
      params,
      bootstrap,
      seed,
    });
    h.addNode('self', (s, e) => reducer.step(s as MembershipState, e as MembershipEvent), init);
  });
}
