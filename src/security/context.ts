/** The handshake's context, and the events as the chart sees them (with the reducer's crypto results). */
import type { EnvelopeOf } from '../messages';
import type { ConnEstablishReceived, HandshakeStart, HandshakeTimerEvent } from './inputs';
import type { HandshakeParams } from './params';
import type { HandshakeRefusalReason } from './refusals';
import type { CryptoVerdict } from './verdict';

/** Who the remote turned out to be. */
export interface AuthenticatedRemote {
  readonly pkiId: string;
  readonly identity: string;
  /** [SEC-FUNC-IDENTITY-SWITCH.1] the PKI-ID we dialed, when a peer of its org answered under another. */
  readonly identitySwitchFrom?: string;
  /** Fabric's ConnectionInfo.Auth: what the remote signed and its signature, kept to authorize later requests. */
  readonly auth: { readonly signedData: string; readonly signature: string };
}

export interface HandshakeContext {
  readonly params: HandshakeParams;
  /** Set by START. */
  readonly role?: 'dialer' | 'acceptor';
  /** Our own probe flag: a dialer's deep probe (Fabric's Handshake()). */
  readonly ownProbe: boolean;
  readonly expectedPkiId?: string;
  readonly expectedIdentity?: string;
  readonly tlsCertHashSeen?: string;
  readonly remote?: AuthenticatedRemote;
  readonly refusal?: HandshakeRefusalReason;
}

export const initialHandshakeContext = (params: HandshakeParams): HandshakeContext => ({ params, ownProbe: false });

/** START with our signed ConnEstablish, made by the reducer. */
export type SignedStart = HandshakeStart & { readonly ownEnvelope: EnvelopeOf<'conn'> };
/** CONN_ESTABLISH_RECEIVED with the reducer's verdict; a missing verdict fails every crypto check. */
export type CheckedConnEstablish = ConnEstablishReceived & { readonly verdict?: CryptoVerdict };

export type HandshakeEvent =
  | SignedStart
  | CheckedConnEstablish
  | { readonly type: 'MALFORMED_RECEIVED'; readonly error: string }
  | { readonly type: 'CLOSE' }
  | HandshakeTimerEvent;

/** The received ConnEstablish body, when the event carries one. */
export function receivedConn(event: HandshakeEvent): EnvelopeOf<'conn'>['payload']['content']['conn'] | undefined {
  if (event.type !== 'CONN_ESTABLISH_RECEIVED') return undefined;
  const content = event.envelope.payload.content;
  return content.$case === 'conn' ? content.conn : undefined;
}
