/**
 * Admitting state transfer's inputs (Fabric's GossipStateProvider.directMessage filter): a
 * RemoteStateRequest / RemoteStateResponse of a joined channel goes to that channel's state
 * transfer, attributed to the connection's PKI-ID and marked `authorized` by the channel's Readers
 * policy; the ledger's answer to a `readLedger` goes back to the channel that asked.
 */
import { isOrgInChannel } from '../../channel';
import { decodeWith, own, type ConnectionInfo, type HostInput } from '../../core';
import type { EnvelopeOf } from '../../messages';
import { LedgerRead } from '../../statetransfer';
import { stateTransferAt } from '../instances';
import { input, reject, type Signal } from '../signals';
import type { ChannelState } from '../state';
import type { WireContext } from '../wiring';

type StateTransferEnvelope = EnvelopeOf<'stateRequest'> | EnvelopeOf<'stateResponse'>;

/** The joined channel, with state transfer running, that the message names; or why not. */
function channelOf({ state }: WireContext, channel: string): ChannelState | string {
  const ch = own(state.channels, channel);
  if (ch === undefined) return `channel ${channel} we have not joined`;
  return ch.stateTransfer === undefined ? `channel ${channel}, where state transfer is disabled (state.enabled = false)` : ch;
}

/**
 * [PEER-FUNC-STATE-TRANSFER-ADMISSION.1] Fabric's remoteStateMsgFilter: the message must name a
 * channel of ours (else counted, `stateTransfer.unknownChannel`); `authorized` is the channel's
 * Readers policy on the connection's identity, which in this model is: its org is one of the
 * channel's orgs (VerifyByChannel). State transfer counts an unauthorized one ([STX-ASM-INPUTS.1]).
 */
export function admitStateTransfer(ctx: WireContext, from: ConnectionInfo, envelope: StateTransferEnvelope): readonly Signal[] {
  const { channel, nonce, content } = envelope.payload;
  const ch = channelOf(ctx, channel);
  if (typeof ch === 'string') return [reject('stateTransfer.unknownChannel', `${content.$case} from ${from.pkiId} for ${ch}`)];
  const authorized = isOrgInChannel(ch.gossipChannel, ctx.env.crypto.orgOf(from.identity));
  const at = stateTransferAt(ch.channel);
  const common = { nowMs: ctx.nowMs, from: from.pkiId, nonce, authorized };
  if (content.$case === 'stateRequest') {
    return [input(at, { type: 'STATE_REQUEST_RECEIVED', ...common, startSeq: content.stateRequest.startSeqNum, endSeq: content.stateRequest.endSeqNum })];
  }
  return [input(at, { type: 'STATE_RESPONSE_RECEIVED', ...common, payloads: content.stateResponse.payloads })];
}

type LedgerReadInput = Extract<HostInput, { kind: 'ledgerRead' }>;

/**
 * [PEER-FUNC-STATE-TRANSFER-LEDGER.1] The host's answer to `readLedger`: decoded (the blocks are
 * Fabric blocks) and handed to the channel's state transfer, which matches the correlation.
 */
export function admitLedgerRead(ctx: WireContext, read: LedgerReadInput): readonly Signal[] {
  const ch = channelOf(ctx, read.channel);
  if (typeof ch === 'string') return [reject('ledger.unexpectedRead', `a ledger read answered for ${ch}`)];
  const blocks: unknown = Array.isArray(read.blocks) ? read.blocks.map((b: unknown) => (typeof b === 'object' && b !== null && 'block' in b ? b.block : b)) : read.blocks;
  const decoded = decodeWith(LedgerRead, { type: 'LEDGER_READ', correlation: read.correlation, blocks });
  if (!decoded.ok) return [reject('ledger.decodeError', `ledger read for ${read.channel}: ${decoded.error.message}`)];
  return [input(stateTransferAt(ch.channel), decoded.value)];
}
