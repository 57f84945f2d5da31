/** The handshake's parameters, with Fabric's names (core.yaml peer.gossip.*, peer.tls.*), units last. */
import * as t from 'io-ts';
import { PositiveInt } from '../core/numbers';

export const HandshakeParams = t.type(
  {
    /**
     * [SEC-PARAM-HANDSHAKE.1] how long to wait for the remote's ConnEstablish
     * (peer.gossip.connTimeout, Fabric's DefConnTimeout). Default 2s.
     */
    connTimeoutMs: PositiveInt,
    /** whether this peer runs gossip over TLS (peer.tls.enabled). Default off, as in sampleconfig. */
    tlsEnabled: t.boolean,
  },
  'HandshakeParams',
);
export type HandshakeParams = t.TypeOf<typeof HandshakeParams>;

export const DEFAULT_HANDSHAKE_PARAMS: HandshakeParams = { connTimeoutMs: 2000, tlsEnabled: false };
