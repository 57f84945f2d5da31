/** The per-channel reducer: acceptance, forwarding, the orderer path, commits and Stop. */
import fc from 'fast-check';
import { checkTag, Envelope } from '../../src/messages';
import { decodeWith } from '../../src/core';
import { DEFAULT_DISSEMINATION_PARAMS, DisseminationParams } from '../../src/dissemination';
import { block, CHANNEL, Driver, fromOrderer, kinds, logRules, pushed } from './fixture';

describe('parameters and messages', () => {
  it('[DIS-PARAM-DEFAULTS.1] [DIS-PARAM-BLOCK-EXPIRATION.1] defaults are core.yaml 3.x: maxBlockCountToStore 10, blockBufferSize 20, blockGossipEnabled false; the block TTL 100 × the default pullInterval of 4 s', () => {
    expect(DEFAULT_DISSEMINATION_PARAMS).toEqual({ maxBlockCountToStore: 10, blockBufferSize: 20, blockGossipEnabled: false, blockExpirationIntervalMs: 400_000 });
    expect(decodeWith(DisseminationParams, DEFAULT_DISSEMINATION_PARAMS).ok).toBe(true);
    expect(decodeWith(DisseminationParams, { ...DEFAULT_DISSEMINATION_PARAMS, blockBufferSize: 0 }).ok).toBe(false);
  });

  it('[DIS-MSG-DATA-MESSAGE.1] the leader gossips a NoopSigned CHAN_AND_ORG DataMessage that decodes and passes the tag check', () => {
    const d = Driver.start(1);
    const outs = d.step(fromOrderer(1));
    const gossip = outs.find((o) => o.kind === 'gossip');
    if (gossip?.kind !== 'gossip') throw new Error('no gossip output');
    const env = gossip.envelope;
    expect(env.signature).toBe('');
    expect(env.payload).toMatchObject({ nonce: 0n, channel: CHANNEL, tag: 'CHAN_AND_ORG' });
    expect(env.payload.content.dataMsg.payload).toEqual({ seqNum: 1, data: block(1), privateData: [] });
    const decoded = decodeWith(Envelope, env);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(checkTag(decoded.value.payload)).toEqual({ ok: true });
  });
});

describe('pushed blocks', () => {
  it('[DIS-FUNC-ACCEPT-FORWARD.1] a new valid block is stored, forwarded excluding its sender, then committed', () => {
    const d = Driver.start(1);
    const outs = d.step(pushed(1, 'Org1MSP/peer2'));
    expect(kinds(outs)).toEqual(['forward', 'commit']);
    expect(outs[0]).toMatchObject({ kind: 'forward', excludePkiId: 'Org1MSP/peer2' });
    expect(d.state.context.store).toEqual([1]);
    expect(d.state.context.buffer.next).toBe(2);
  });

  it('[DIS-FUNC-STORE-WINDOW.1] [DIS-SAFE-FORWARD-ONCE.2] the same block from another peer is dropped without forwarding', () => {
    const d = Driver.start(1);
    d.step(pushed(3, 'Org1MSP/peer2'));
    const again = d.step(pushed(3, 'Org1MSP/peer3'));
    expect(kinds(again)).toEqual(['log']);
    expect(logRules(again)).toEqual(['DIS-FUNC-STORE-WINDOW.1']);
    expect(d.forwarded()).toEqual([3]);
  });

  it('[DIS-FUNC-BUFFER-PUSH.1] a valid block below the height that is new to the store is forwarded but not buffered', () => {
    const d = Driver.start(5);
    const outs = d.step(pushed(3));
    expect(kinds(outs)).toEqual(['forward', 'log']);
    expect(logRules(outs)).toEqual(['DIS-FUNC-BUFFER-PUSH.1']);
    expect(d.state.context.buffer.payloads).toEqual([]);
    expect(d.committed()).toEqual([]);
  });

  it('[DIS-FUNC-COMMIT-IN-ORDER.1] blocks pushed as 3, 2, 1 are committed 1, 2, 3 when 1 arrives', () => {
    const d = Driver.start(1);
    expect(kinds(d.step(pushed(3)))).toEqual(['forward']);
    expect(kinds(d.step(pushed(2)))).toEqual(['forward']);
    expect(kinds(d.step(pushed(1)))).toEqual(['forward', 'commit', 'commit', 'commit']);
    expect(d.committed()).toEqual([1, 2, 3]);
    expect(d.state.context.buffer).toEqual({ next: 4, payloads: [] });
  });
});

describe('orderer blocks', () => {
  it('[DIS-FUNC-ORDERER-BLOCK.1] [DIS-FUNC-GOSSIP-OWN-BLOCK.1] commit first, then gossip; the own block coming back is deduplicated', () => {
    const d = Driver.start(1);
    expect(kinds(d.step(fromOrderer(1)))).toEqual(['commit', 'gossip']);
    expect(d.state.context.store).toEqual([1]);
    expect(logRules(d.step(pushed(1)))).toEqual(['DIS-FUNC-STORE-WINDOW.1']);
    expect(d.forwarded()).toEqual([]);
  });

  it('[DIS-FUNC-GOSSIP-OWN-BLOCK.1] with blockGossipEnabled false the leader commits and gossips nothing', () => {
    const d = Driver.start(1, { blockGossipEnabled: false });
    expect(kinds(d.step(fromOrderer(1)))).toEqual(['commit']);
  });

  it('[DIS-FUNC-ORDERER-BLOCK.1] an orderer block below the height (already committed from gossip) is not committed again', () => {
    const d = Driver.start(1, { blockGossipEnabled: false });
    d.step(pushed(1));
    expect(kinds(d.step(fromOrderer(1)))).toEqual([]);
    expect(d.committed()).toEqual([1]);
  });

  it('[DIS-FUNC-ORDERER-BLOCK.1] [DIS-SAFE-IN-ORDER-COMMIT.1] TestBlockingEnqueue port: orderer 1..N plus gossip of a random subset out of order commit exactly 1..N', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 40 }), fc.infiniteStream(fc.boolean()), (n, gossip, coin) => {
        const d = Driver.start(1);
        const pending = gossip.filter((s) => s <= n);
        let next = 1;
        while (next <= n || pending.length > 0) {
          if (next <= n && (pending.length === 0 || coin.next().value)) d.step(fromOrderer(next++));
          else d.step(pushed(pending.shift() as number));
        }
        expect(d.committed()).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      }),
      { numRuns: 100 },
    );
  });

  it('[DIS-ASM-ORDERER-STREAM.1] with an in-order stream from the height, an orderer block never waits in the buffer', () => {
    const d = Driver.start(4);
    for (let seq = 4; seq <= 30; seq++) {
      d.step(fromOrderer(seq));
      expect(d.state.context.buffer.payloads).toEqual([]);
    }
    expect(d.state.context.buffer.next).toBe(31);
  });
});

describe('stop', () => {
  it('[DIS-FUNC-STOP.1] after STOP no input produces an output or changes the height', () => {
    const d = Driver.start(1);
    d.step({ type: 'STOP' });
    expect(d.step(fromOrderer(1))).toEqual([]);
    expect(d.step(pushed(1))).toEqual([]);
    expect(d.state.context.buffer.next).toBe(1);
    expect(d.state.status).toBe('done');
  });
});
