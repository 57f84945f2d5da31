/**
 * The ordering service's Deliver over gRPC and TLS, and the peer's deliver client: blocks signed by
 * the orderer and chained by previous hash, streamed from the asked height and then as they are
 * cut; a client that cannot reach the service gives up once after its threshold.
 */
import { verifyBlock } from '../../src/dissemination';
import type { Block } from '../../src/messages';
import { headerHashWith } from '../../src/statetransfer';
import { monotonicClock } from '../../src/runtime/clock';
import { nodeOf } from '../../src/runtime/crypto-material';
import { GrpcDeliverClient } from '../../src/runtime/orderer/deliver-client';
import { OrderingServiceNode } from '../../src/runtime/orderer/deliver-service';
import { InProcessOrderingService } from '../../src/runtime/orderer/in-process';
import { MemoryTelemetry, type InputOf } from '../../src/runtime/ports';
import { CHANNEL, makeNet, waitFor } from './network-fixture';

jest.setTimeout(30_000);

const net = makeNet(31);
const ordererTls = nodeOf(net.material, 'orderer');
const peer = nodeOf(net.material, 'peer0.org1');
const peerTls = { rootsPem: net.roots, certPem: peer.tlsCertPem, keyPem: peer.tlsKeyPem };
const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of closers.reverse()) await c();
});

function client(endpoint: string, inputs: InputOf[], extra: { retryMs?: number; dialTimeoutMs?: number } = {}): GrpcDeliverClient {
  const c = new GrpcDeliverClient({ endpoint, tls: peerTls, creator: peer.signKey.identity, submit: (i) => inputs.push(i), telemetry: new MemoryTelemetry(), clock: monotonicClock(), ...extra });
  closers.push(() => c.close());
  return c;
}

describe('runtime in-process ordering service', () => {
  it('[GEN-FUNC-RUNTIME-ORDERER-STREAM.1] a stream starts at the asked height, follows the chain in order, is idempotent, and stops on disconnect', () => {
    const service = new InProcessOrderingService(net.suite, net.ordererKey);
    service.cut(CHANNEL);
    service.cut(CHANNEL);
    const inputs: InputOf[] = [];
    const port = service.portFor((i) => inputs.push(i));
    port.connect(CHANNEL, undefined, 1);
    port.connect(CHANNEL, undefined, 0);
    service.cut(CHANNEL);
    expect(inputs.map((i) => (i.kind === 'ordererBlock' ? i.seq : -1))).toEqual([1, 2]);
    port.disconnect(CHANNEL);
    service.cut(CHANNEL);
    expect(inputs).toHaveLength(2);
  });
});

describe('runtime ordering service (AtomicBroadcast.Deliver)', () => {
  it('[GEN-FUNC-RUNTIME-DELIVER.1] [GEN-FUNC-RUNTIME-ORDERER-BLOCKS.1] [GEN-FUNC-RUNTIME-DELIVER-CLIENT.1] streams signed, chained blocks from the asked height, then new ones as they are cut', async () => {
    const orderer = await OrderingServiceNode.listen({
      crypto: net.suite,
      key: net.ordererKey,
      tls: { rootsPem: net.roots, certPem: ordererTls.tlsCertPem, keyPem: ordererTls.tlsKeyPem },
      listenHost: '127.0.0.1',
      listenPort: 0,
      telemetry: new MemoryTelemetry(),
      channels: [CHANNEL],
    });
    closers.push(() => orderer.stop());
    for (let i = 0; i < 3; i++) orderer.cut(CHANNEL);
    const inputs: InputOf[] = [];
    const deliver = client(orderer.endpoint, inputs);
    deliver.connect(CHANNEL, undefined, 1);
    deliver.connect(CHANNEL, undefined, 0); // idempotent: the open stream stays
    await waitFor('blocks 1 and 2', () => inputs.length === 2, 5000, () => inputs);
    orderer.cut(CHANNEL);
    await waitFor('block 3', () => inputs.length === 3, 5000, () => inputs);
    const blocks = inputs.map((i) => (i.kind === 'ordererBlock' ? i : undefined));
    expect(blocks.map((b) => [b?.channel, b?.seq])).toEqual([[CHANNEL, 1], [CHANNEL, 2], [CHANNEL, 3]]);
    const hashHeader = headerHashWith(net.suite);
    const chain = orderer.service.blocks(CHANNEL);
    blocks.forEach((b) => {
      const block = b?.block as Block;
      expect(block).toEqual(chain[b?.seq as number]);
      expect(verifyBlock(net.suite, [net.ordererKey.identity], CHANNEL, b?.seq as number, block)).toEqual({ ok: true });
      expect(block.header.previousHash).toBe(hashHeader((chain[(b?.seq as number) - 1] as Block).header));
    });
    expect((chain[0] as Block).header.previousHash).toBe('');
    // Disconnected, it gets nothing more.
    deliver.disconnect(CHANNEL);
    orderer.cut(CHANNEL);
    await new Promise((r) => setTimeout(r, 200));
    expect(inputs).toHaveLength(3);
  });

  it('[GEN-FUNC-RUNTIME-DELIVER-CLIENT.1] without a reachable ordering service the client gives up once, after its threshold', async () => {
    const inputs: InputOf[] = [];
    const deliver = client('127.0.0.1:1', inputs, { retryMs: 50, dialTimeoutMs: 100 });
    deliver.connect(CHANNEL, 400, 0);
    await waitFor('the give-up', () => inputs.length > 0, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(inputs).toEqual([{ kind: 'ordererGaveUp', channel: CHANNEL }]);
  });
});
