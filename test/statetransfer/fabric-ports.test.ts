/**
 * Ports of Fabric's gossip/state/state_test.go at the subsystem level, on the in-memory harness,
 * with Fabric's state config (check 10s, response 3s, batch 10, retries 3, buffer 20) and Fabric's
 * waits as virtual time. How the mechanism differs: Fabric's peers learn heights through real
 * discovery and StateInfo (the tests first wait up to 30s for it); here every node hears the
 * others' heights as soon as they change. Fabric's ACL is VerifyByChannel on the sender of every
 * state message; here the harness sets `authorized` from the same policy. Blocks commit through
 * the harness's payload buffer, standing in for dissemination's.
 */
import { pkiId } from '../../src/core';
import { requestRangeError } from '../../src/statetransfer';
import { FABRIC_STATE_PARAMS } from './fixture';
import { StateNet } from './harness';

const P = FABRIC_STATE_PARAMS;
const defAntiEntropyBatchSize = 10;

describe('state transfer: ports of Fabric state_test.go', () => {
  it('[STX-FUNC-REQUEST-VALIDATION.1] TestStateRequestValidator: [10,5] and [10,30] are refused with Fabric\u2019s messages, [10,20] passes', () => {
    expect(requestRangeError(10, 5, defAntiEntropyBatchSize)).toContain('Invalid sequence interval [10...5).');
    expect(requestRangeError(10, 30, defAntiEntropyBatchSize)).toContain('Requesting blocks range [10-30) greater than configured');
    expect(requestRangeError(10, 20, defAntiEntropyBatchSize)).toBeUndefined();
  });

  it('[STX-FUNC-BATCH-RANGE.1] [STX-LIVE-CATCH-UP.1] TestNewGossipStateProvider_BatchingOfStateRequest: 15 blocks on the boot peer reach a new peer in exactly 2 state responses', () => {
    const net = new StateNet();
    const msgCount = defAntiEntropyBatchSize + 5;
    const boot = net.spawn('boot0', 1, msgCount + 1);
    const peer = net.spawn('p1', 2, 1);
    net.runUntil(60_000);
    expect(net.height(peer)).toBe(msgCount + 1);
    const responses = net.delivered.filter((d) => d.to === peer && d.message.kind === 'sendStateResponse');
    expect(responses).toHaveLength(2);
    expect(responses.every((r) => r.from === boot)).toBe(true);
  });

  it('[STX-FUNC-SERVE-ADMISSION.1] [STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1] TestAccessControl: 5 boot + 10 peers, 5 blocks on boot 0; the 4 authorized peers reach height 6, the others never rise above 1', () => {
    const net = new StateNet();
    const bootstrapSetSize = 5;
    const standardPeerSetSize = 10;
    const msgCount = 5;
    const boots = Array.from({ length: bootstrapSetSize }, (_, i) => net.spawn(`boot${i}`, i, i === 0 ? msgCount + 1 : 1));
    const peers = Array.from({ length: standardPeerSetSize }, (_, i) => net.spawn(`p${bootstrapSetSize + i}`, 100 + i, 1));
    const authorizedPeers = new Set(peers.slice(0, 4));
    // Fabric's acceptor filters every state message by its sender; the boot peers serve, so they are readers too.
    net.authorized = (_receiver, sender) => authorizedPeers.has(sender) || boots.includes(sender);
    let unauthorizedRose = false;
    net.runUntil(60_000, () => {
      unauthorizedRose ||= peers.some((p) => !authorizedPeers.has(p) && net.height(p) > 1);
      return unauthorizedRose;
    });
    expect(unauthorizedRose).toBe(false);
    for (const p of peers) expect(net.height(p)).toBe(authorizedPeers.has(p) ? msgCount + 1 : 1);
    expect(net.delivered.some((d) => d.message.kind === 'sendStateResponse' && !authorizedPeers.has(d.to) && !boots.includes(d.to))).toBe(false);
    expect(net.rejected.some((r) => r.reason === 'stateTransfer.unauthorized')).toBe(true);
  });

  it('[STX-LIVE-CATCH-UP.1] TestNewGossipStateProvider_SendingManyMessages: 5 boot + 10 peers, 10 blocks on boot 0; all 10 peers reach height 11 within 60s', () => {
    const net = new StateNet();
    const msgCount = 10;
    Array.from({ length: 5 }, (_, i) => net.spawn(`boot${i}`, i, i === 0 ? msgCount + 1 : 1));
    const peers = Array.from({ length: 10 }, (_, i) => net.spawn(`p${5 + i}`, 100 + i, 1));
    net.runUntil(60_000);
    for (const p of peers) expect(net.height(p)).toBe(msgCount + 1);
  });

  it('[STX-FUNC-BUFFER-WAIT.1] [STX-FUNC-BATCH-RANGE.1] TestLargeBlockGap: 500 blocks ahead, one commit per 20ms: 1..499 committed in order, buffer never above 2 × 20 + 10', () => {
    const net = new StateNet();
    net.spawn('a', 1, 500);
    const peer = net.spawn('p0', 2, 1, { commitEveryMs: 20 });
    net.runUntil(120_000, () => net.height(peer) >= 500);
    expect(net.height(peer)).toBe(500);
    // The in-memory ledger appends only the next number with its predecessor's hash: the order is checked there.
    expect(net.maxBufferSize).toBeLessThanOrEqual(2 * P.blockBufferSize + defAntiEntropyBatchSize);
    expect(net.maxBufferSize).toBeGreaterThan(P.blockBufferSize);
  });

  it('[STX-ASM-INPUTS.1] [STX-FUNC-PEER-CHOICE.1] TestLedgerHeightFromProperties: a peer advertising height 10 is chosen over b at 5; a peer without properties never is', () => {
    const firstRequestTo = (peers: { pkiId: string; height: number }[]): string | undefined => {
      const net = new StateNet();
      const self = net.spawn('p0', 1, 1);
      net.link = () => undefined;
      net.runUntil(0); // the harness's own (empty) height report first
      net.command(self, { type: 'HEIGHTS_ADVERTISED', peers: peers.map((p) => ({ pkiId: pkiId(p.pkiId), height: p.height })) });
      net.runUntil(P.checkIntervalMs);
      return net.sent.find((s) => s.from === self && s.message.kind === 'sendStateRequest')?.to;
    };
    // peerWithProperties: listed with its height. peerWithoutProperties: the host leaves it out ([STX-ASM-INPUTS.1]).
    expect(firstRequestTo([{ pkiId: 'b', height: 5 }, { pkiId: 'peerWithoutMetadata', height: 10 }])).toBe('peerWithoutMetadata');
    expect(firstRequestTo([{ pkiId: 'b', height: 5 }])).toBe('b');
  });
});
