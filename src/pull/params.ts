/** The pull engine's parameters, with Fabric's names (core.yaml peer.gossip.*), units last. */
import * as t from 'io-ts';
import { PositiveInt } from '../core/numbers';

export const PullParams = t.type(
  {
    /** [PUL-PARAM-DEFAULTS.1] period between two pull rounds (peer.gossip.pullInterval). Default 4s. */
    pullIntervalMs: PositiveInt,
    /** peers a round sends a hello to (peer.gossip.pullPeerNum). Default 3. */
    pullPeerNum: PositiveInt,
    /** how long a round collects digests (peer.gossip.digestWaitTime). Default 1s. */
    digestWaitTimeMs: PositiveInt,
    /** how long a responder remembers a hello's nonce (peer.gossip.requestWaitTime). Default 1500ms. */
    requestWaitTimeMs: PositiveInt,
    /** how long a round accepts updates (peer.gossip.responseWaitTime). Default 2s. */
    responseWaitTimeMs: PositiveInt,
  },
  'PullParams',
);
export type PullParams = t.TypeOf<typeof PullParams>;

export const DEFAULT_PULL_PARAMS: PullParams = {
  pullIntervalMs: 4000,
  pullPeerNum: 3,
  digestWaitTimeMs: 1000,
  requestWaitTimeMs: 1500,
  responseWaitTimeMs: 2000,
};
