/**
 * Config blocks: a channel's configuration carried in a block, as Fabric's ordering service puts
 * it there and a peer reads it back ([GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1]).
 *
 * A config block holds one transaction: a common.Envelope whose channel header has type CONFIG and
 * whose payload data is a ConfigEnvelope. Its Config holds the sequence and the channel group;
 * under the group "Application", one group per org with the values "MSP" (an MSPConfig whose
 * FabricMSPConfig names the org's MSP ID) and "AnchorPeers" (peer.AnchorPeers). That is the part
 * of the config gossip reads (core/peer's gossipCallbackWrapper → gossip service's updateAnchors:
 * the orgs' MSP IDs and anchor peers, and the config sequence).
 *
 * Reading is at the edge: protobuf first, then the peer's own io-ts codec of JOIN_CHANNEL, so a
 * block whose config does not read is reported with the field at fault and applied to nothing.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { decodeWith } from '../core';
import type { Block } from '../messages';
import { JoinChannel } from '../peer/commands';
import { commonPb } from '../wire';
import { ConfigEnvelopeSchema, ConfigGroupSchema, ConfigValueSchema, type ConfigGroup } from './gen/common/configtx_pb';
import { FabricMSPConfigSchema, MSPConfigSchema } from './gen/msp/msp_config_pb';
import { AnchorPeersSchema } from './gen/peer/configuration_pb';

export interface AnchorPeer {
  readonly host: string;
  readonly port: number;
}

/** The part of a channel's config that gossip reads. */
export interface ChannelConfigValue {
  readonly channel: string;
  readonly sequence: number;
  readonly orgs: readonly { readonly mspId: string; readonly anchorPeers: readonly AnchorPeer[] }[];
}

/** Fabric's config keys (common/channelconfig). */
export const APPLICATION_GROUP = 'Application';
export const MSP_VALUE = 'MSP';
export const ANCHOR_PEERS_VALUE = 'AnchorPeers';

const toModel = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const fromModel = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

function orgGroup(org: ChannelConfigValue['orgs'][number]): ConfigGroup {
  const msp = create(MSPConfigSchema, { type: 0, config: toBinary(FabricMSPConfigSchema, create(FabricMSPConfigSchema, { name: org.mspId })) });
  const anchors = create(AnchorPeersSchema, { anchorPeers: org.anchorPeers.map((a) => ({ host: a.host, port: a.port })) });
  return create(ConfigGroupSchema, {
    values: {
      [MSP_VALUE]: create(ConfigValueSchema, { value: toBinary(MSPConfigSchema, msp) }),
      [ANCHOR_PEERS_VALUE]: create(ConfigValueSchema, { value: toBinary(AnchorPeersSchema, anchors) }),
    },
  });
}

/** The config transaction of a config block (a model byte string: a marshalled common.Envelope). */
export function configTransaction(config: ChannelConfigValue): string {
  const application = create(ConfigGroupSchema, { groups: Object.fromEntries(config.orgs.map((o) => [o.mspId, orgGroup(o)])) });
  const envelope = create(ConfigEnvelopeSchema, {
    config: { sequence: BigInt(config.sequence), channelGroup: create(ConfigGroupSchema, { groups: { [APPLICATION_GROUP]: application } }) },
  });
  const channelHeader = create(commonPb.ChannelHeaderSchema, { type: commonPb.HeaderType.CONFIG, channelId: config.channel });
  const payload = create(commonPb.PayloadSchema, {
    header: { channelHeader: toBinary(commonPb.ChannelHeaderSchema, channelHeader) },
    data: toBinary(ConfigEnvelopeSchema, envelope),
  });
  return toModel(toBinary(commonPb.EnvelopeSchema, create(commonPb.EnvelopeSchema, { payload: toBinary(commonPb.PayloadSchema, payload) })));
}

export type ConfigRead =
  | { readonly kind: 'notConfig' }
  | { readonly kind: 'config'; readonly join: JoinChannel }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * [GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] Fabric's protoutil.IsConfigBlock (the first transaction's
 * channel header is of type CONFIG), then the config it carries as the peer's JOIN_CHANNEL command.
 */
export function readConfigBlock(block: Block): ConfigRead {
  const first = block.data[0];
  if (first === undefined) return { kind: 'notConfig' };
  let stage = 'data.0';
  try {
    const envelope = fromBinary(commonPb.EnvelopeSchema, fromModel(first));
    stage = 'data.0.payload';
    const payload = fromBinary(commonPb.PayloadSchema, envelope.payload);
    if (payload.header === undefined) return { kind: 'notConfig' };
    stage = 'data.0.payload.header.channel_header';
    const header = fromBinary(commonPb.ChannelHeaderSchema, payload.header.channelHeader);
    if (Number(header.type) !== Number(commonPb.HeaderType.CONFIG)) return { kind: 'notConfig' };
    stage = 'data.0.payload.data (ConfigEnvelope)';
    const config = fromBinary(ConfigEnvelopeSchema, payload.data).config;
    if (config === undefined) return { kind: 'invalid', reason: `${stage}: no config` };
    const application = config.channelGroup?.groups[APPLICATION_GROUP];
    if (application === undefined) return { kind: 'invalid', reason: `${stage}.config.channel_group: no ${APPLICATION_GROUP} group` };
    const orgs = Object.keys(application.groups).sort().map((key) => {
      const group = application.groups[key] as ConfigGroup;
      stage = `${APPLICATION_GROUP}.${key}.${MSP_VALUE}`;
      const mspValue = group.values[MSP_VALUE];
      const mspId = mspValue === undefined ? undefined : fromBinary(FabricMSPConfigSchema, fromBinary(MSPConfigSchema, mspValue.value).config).name;
      stage = `${APPLICATION_GROUP}.${key}.${ANCHOR_PEERS_VALUE}`;
      const anchorValue = group.values[ANCHOR_PEERS_VALUE];
      const anchors = anchorValue === undefined ? [] : fromBinary(AnchorPeersSchema, anchorValue.value).anchorPeers.map((a) => ({ host: a.host, port: a.port }));
      return { mspId, anchorPeers: anchors };
    });
    stage = 'config';
    const decoded = decodeWith(JoinChannel, {
      type: 'JOIN_CHANNEL',
      channel: header.channelId,
      sequence: config.sequence <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(config.sequence) : -1,
      orgs,
    });
    return decoded.ok ? { kind: 'config', join: decoded.value } : { kind: 'invalid', reason: decoded.error.message };
  } catch (e) {
    return { kind: 'invalid', reason: `${stage}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The next config: the org's anchor peers replaced, the sequence one more (Fabric's config update). */
export function withAnchorPeers(config: ChannelConfigValue, mspId: string, anchorPeers: readonly AnchorPeer[]): ChannelConfigValue {
  if (!config.orgs.some((o) => o.mspId === mspId)) throw new RangeError(`${mspId} is not an org of channel ${config.channel}`);
  return { ...config, sequence: config.sequence + 1, orgs: config.orgs.map((o) => (o.mspId === mspId ? { mspId, anchorPeers: [...anchorPeers] } : o)) };
}
