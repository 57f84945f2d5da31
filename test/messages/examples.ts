/**
 * One concrete, readable message per content case (values in the shape Fabric would send), for
 * unit tests. The mapped type makes a missing case a compile error.
 */
import type { ContentCase, ContentOf, GossipMessage, GossipMessageOf, Tag } from '../../src/messages';

/** A Fabric-like nanosecond incarnation number: beyond 2^53, so a JS number would lose it. */
export const INC_NUM = 1_718_000_000_123_456_789n;

const pkiA = 'Org1MSP/peer0';
const pkiB = 'Org1MSP/peer1';

export function messageOf<K extends ContentCase>(content: ContentOf<K>, tag: Tag = 'EMPTY', channel = ''): GossipMessageOf<K> {
  return { nonce: 0n, channel, tag, content };
}

export function envelopeOf<M extends GossipMessage>(payload: M, signature = 'sig'): { payload: M; signature: string } {
  return { payload, signature };
}

export const aliveContent = (pkiId = pkiA, seqNum = 7n): ContentOf<'aliveMsg'> => ({
  $case: 'aliveMsg',
  aliveMsg: { membership: { endpoint: 'peer0.org1:7051', metadata: '', pkiId }, timestamp: { incNum: INC_NUM, seqNum }, identity: 'Org1MSP\npeer0' },
});

export const stateInfoContent = (): ContentOf<'stateInfo'> => ({
  $case: 'stateInfo',
  stateInfo: {
    timestamp: { incNum: INC_NUM, seqNum: INC_NUM + 5n },
    pkiId: pkiA,
    channelMAC: 'mac(Org1MSP/peer0,mychannel)',
    properties: { ledgerHeight: 12, leftChannel: false, chaincodes: [{ name: 'basic', version: '1.0', metadata: '' }] },
  },
});

const payload = { seqNum: 11, data: { header: { number: 11, previousHash: 'h10', dataHash: 'd11', channelId: 'mychannel' }, data: ['tx1'], metadata: { signatures: [{ identity: 'OrdererMSP\no0', signature: 'osig' }] } }, privateData: [] };

const aliveEnvelope = envelopeOf(messageOf(aliveContent()));

export const EXAMPLES: { readonly [K in ContentCase]: ContentOf<K> } = {
  aliveMsg: aliveContent(),
  memReq: { $case: 'memReq', memReq: { selfInformation: aliveEnvelope, known: [] } },
  memRes: { $case: 'memRes', memRes: { alive: [aliveEnvelope, envelopeOf(messageOf(aliveContent(pkiB)))], dead: [] } },
  dataMsg: { $case: 'dataMsg', dataMsg: { payload } },
  hello: { $case: 'hello', hello: { nonce: 42n, metadata: '', msgType: 'BLOCK_MSG' } },
  dataDig: { $case: 'dataDig', dataDig: { nonce: 42n, digests: ['10', '11'], msgType: 'BLOCK_MSG' } },
  dataReq: { $case: 'dataReq', dataReq: { nonce: 42n, digests: ['11'], msgType: 'BLOCK_MSG' } },
  dataUpdate: {
    $case: 'dataUpdate',
    dataUpdate: {
      nonce: 42n,
      data: [envelopeOf(messageOf({ $case: 'peerIdentity', peerIdentity: { pkiId: pkiB, cert: 'Org1MSP\npeer1', metadata: '' } }, 'EMPTY'))],
      msgType: 'IDENTITY_MSG',
    },
  },
  empty: { $case: 'empty', empty: {} },
  conn: { $case: 'conn', conn: { pkiId: pkiA, identity: 'Org1MSP\npeer0', tlsCertHash: '', probe: false } },
  stateInfo: stateInfoContent(),
  stateSnapshot: { $case: 'stateSnapshot', stateSnapshot: { elements: [envelopeOf(messageOf(stateInfoContent(), 'CHAN_OR_ORG'))] } },
  stateInfoPullReq: { $case: 'stateInfoPullReq', stateInfoPullReq: { channelMAC: 'mac(Org1MSP/peer1,mychannel)' } },
  stateRequest: { $case: 'stateRequest', stateRequest: { startSeqNum: 5, endSeqNum: 14 } },
  stateResponse: { $case: 'stateResponse', stateResponse: { payloads: [payload] } },
  leadershipMsg: { $case: 'leadershipMsg', leadershipMsg: { pkiId: pkiA, timestamp: { incNum: INC_NUM, seqNum: 3n }, isDeclaration: true } },
  peerIdentity: { $case: 'peerIdentity', peerIdentity: { pkiId: pkiB, cert: 'Org1MSP\npeer1', metadata: '' } },
  ack: { $case: 'ack', ack: { error: '' } },
};

/** Replace the value at a dotted path (array indices as numbers); `undefined` deletes the field. */
export function setPath(value: unknown, path: string, replacement: unknown): unknown {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return replacement;
  if (Array.isArray(value)) return (value as unknown[]).map((x, i) => (String(i) === head ? setPath(x, rest.join('.'), replacement) : x));
  const obj = value as Record<string, unknown>;
  if (rest.length === 0 && replacement === undefined) {
    const { [head]: _deleted, ...others } = obj;
    return others;
  }
  return { ...obj, [head]: setPath(obj[head], rest.join('.'), replacement) };
}
