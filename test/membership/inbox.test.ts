/**
 * The discovery chart's inbox (src/membership/discovery-machine.ts, `running.inbox.ready`), one
 * transition at a time, with everything the step outputs compared: what each branch learns on the
 * side (the sender's identity from its connection, the identity an entry carries), what it drops
 * and what it still answers. The other unit tests reach most branches for their main effect;
 * mutation run 1 (docs/mutation.md) found the side effects of the rarer ones (a message about
 * ourselves, a stale or invalid one, a response no Connect waits for, a message of another kind)
 * compared by none.
 */
import { lookup, pget, type MembershipOutput } from '../../src/membership';
import { noopSign, signMessage, type Envelope } from '../../src/messages';
import { aliveFrom, driverFor, memReq, memRes, peer, pki, received, symbolicSuite, type TestPeer } from './fixtures';

const A = peer('A', 7551);
const B = peer('B', 7552);
const C = peer('C', 7553);
const D = peer('D', 7554);

const learned = (p: TestPeer): MembershipOutput => ({ kind: 'identityLearned', pkiId: pki(p), identity: p.key.identity });
/** Outputs other than timers and logs (those are compared where they matter). */
const effects = (outs: readonly MembershipOutput[]) => outs.filter((o) => o.kind !== 'setTimer' && o.kind !== 'cancelTimer' && o.kind !== 'log');

describe('[MEM-FUNC-IDENTITY-TABLE.2] what each inbox branch learns on the side', () => {
  it('[MEM-FUNC-ALIVE-SELF-IGNORED.1] an alive message about ourselves teaches its sender, nothing else', () => {
    const d = driverFor(A);
    expect(effects(d.send(received(B, aliveFrom(A, 7))))).toStrictEqual([learned(B)]);
    expect(d.state.members.size).toBe(0);
  });

  it('[MEM-FUNC-MSGSTORE-POLICY.1] a stale alive message teaches a new sender, and is neither handled nor forwarded', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 5)));
    expect(effects(d.send(received(C, aliveFrom(B, 4))))).toStrictEqual([learned(C)]);
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
  });

  it('[MEM-FUNC-ALIVE-VALIDATION.2] an invalid alive message over a connection whose identity fails logs both identities and is rejected', () => {
    const d = driverFor(A);
    const badConn = { ...C.conn, identity: 'Org1MSP\ngarbage' };
    const claimsWrongIdentity = aliveFrom(D, 1, { withIdentity: true, signer: C.key });
    const forged = { ...claimsWrongIdentity, payload: { ...claimsWrongIdentity.payload, content: { ...claimsWrongIdentity.payload.content, aliveMsg: { ...claimsWrongIdentity.payload.content.aliveMsg, identity: C.key.identity } } } };
    const outs = d.send({ type: 'MESSAGE_RECEIVED', from: badConn, envelope: forged as Envelope });
    expect(outs.filter((o) => o.kind === 'log')).toStrictEqual([
      { kind: 'log', level: 'warn', message: 'identity rejected: invalid, or does not match the PKI-ID', fields: { pkiId: pki(C) } },
      { kind: 'log', level: 'warn', message: 'identity rejected: invalid, or does not match the PKI-ID', fields: { pkiId: pki(D) } },
    ]);
    expect(effects(outs)).toStrictEqual([{ kind: 'rejected', reason: 'alive.invalid', message: `invalid alive message of ${pki(D)} dropped (signature or identity)` }]);
    expect(d.state.identities.size).toBe(0);
  });

  it('[MEM-FUNC-ALIVE-VALIDATION.2] an alive message without PKI-ID is invalid; an empty identity field counts as none', () => {
    const d = driverFor(A);
    // Signed as they are (editing a signed message would break its signature instead).
    const signedAlive = (p: TestPeer, membership: { pkiId: string }, identity?: string) =>
      signMessage(symbolicSuite, p.key, {
        nonce: 0n,
        channel: '',
        tag: 'EMPTY' as const,
        content: { $case: 'aliveMsg' as const, aliveMsg: { membership: { endpoint: p.self.externalEndpoint, metadata: '', ...membership }, timestamp: { incNum: 0n, seqNum: 1n }, ...(identity === undefined ? {} : { identity }) } },
      }) as Envelope;
    // Rejected as invalid (not as of an unknown signer) before anything is learned, its sender included.
    expect(effects(d.send(received(B, signedAlive(B, { pkiId: '' })))).map((o) => o.kind === 'rejected' && o.reason)).toEqual(['alive.invalid']);
    d.send(received(C, signedAlive(C, { pkiId: pki(C) }, '')));
    expect(lookup(d.state, pki(C))?.status).toBe('alive');
  });

  it('[MEM-FUNC-MEMREQ-HANDLE.1] a request whose self-information fails validation teaches the identities it carries, and gets no answer', () => {
    const d = driverFor(A);
    const forged = aliveFrom(B, 1, { withIdentity: true, signer: C.key });
    expect(effects(d.send(received(B, memReq(forged))))).toStrictEqual([learned(B)]);
    expect(lookup(d.state, pki(B))).toBeUndefined();
  });

  it('[MEM-FUNC-MEMREQ-HANDLE.1] [MEM-FUNC-MSGSTORE-POLICY.1] a request whose self-information is stale is answered, the member left as it was', () => {
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 5)));
    const outs = effects(d.send(received(B, memReq(aliveFrom(B, 3), 4n))));
    expect(outs.map((o) => o.kind)).toEqual(['send']);
    expect(outs[0]?.kind === 'send' && outs[0].message.payload.nonce).toBe(4n);
    expect(pget(d.state.members, pki(B))?.context.ts.seqNum).toBe(5n);
  });

  it('[MEM-FUNC-MEMRES-HANDLE.1] a response no Connect waits for teaches its sender', () => {
    const d = driverFor(A);
    expect(effects(d.send(received(C, memRes([], [], 99n))))).toStrictEqual([learned(C)]);
  });

  it.each<[string, 'alive' | 'dead']>([
    ['an alive entry', 'alive'],
    ['a dead entry', 'dead'],
  ])('[MEM-FUNC-MEMRES-HANDLE.1] %s that fails validation still teaches the identity it carries, and no member', (_what, list) => {
    const d = driverFor(A);
    d.send(received(C, aliveFrom(C, 1)));
    const forged = aliveFrom(D, 1, { withIdentity: true, signer: B.key });
    const outs = effects(d.send(received(C, list === 'alive' ? memRes([forged]) : memRes([], [forged]))));
    expect(outs).toStrictEqual([learned(D)]);
    expect(lookup(d.state, pki(D))).toBeUndefined();
  });

  it('[GEN-FUNC-BAD-INPUT.1] a message of another kind teaches its sender and is logged by its kind', () => {
    const d = driverFor(A);
    const dataMsg = noopSign({ nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'dataMsg', dataMsg: {} } } as never);
    const outs = d.send({ type: 'MESSAGE_RECEIVED', from: B.conn, envelope: dataMsg });
    expect(outs).toStrictEqual([learned(B), { kind: 'log', level: 'debug', message: 'not a membership message: dataMsg' }]);
  });

  it('[MEM-FUNC-IDENTITY-LEARNED.1] IDENTITY_LEARNED records the identity and renews the view; a known one changes nothing', () => {
    const d = driverFor(A);
    const token = d.state.viewToken;
    expect(d.send({ type: 'IDENTITY_LEARNED', pkiId: pki(B), identity: B.key.identity })).toStrictEqual([learned(B)]);
    expect(d.state.viewToken).not.toBe(token);
    const before = d.state;
    expect(d.send({ type: 'IDENTITY_LEARNED', pkiId: pki(B), identity: B.key.identity })).toEqual([]);
    expect(d.state).toBe(before);
  });

  it('[MEM-FUNC-UPDATE-SELF.1] UPDATE_METADATA and UPDATE_ENDPOINT change self and nothing else', () => {
    const d = driverFor(A);
    expect(d.send({ type: 'UPDATE_METADATA', metadata: 'md' })).toEqual([]);
    expect(d.send({ type: 'UPDATE_ENDPOINT', endpoint: 'a.example:1' })).toEqual([]);
    expect(d.state.self).toStrictEqual({ ...A.self, metadata: 'md', externalEndpoint: 'a.example:1' });
    expect(d.state.seqNum).toBe(0n);
  });
});
