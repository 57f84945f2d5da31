/**
 * What a `network` transcript (network.ts) keeps between commands: the peers and channels it
 * declared, the CORE_PEER_GOSSIP_* variables declared so far, the world once `start` built it, and
 * the lines the current command prints. Also the look-ups both the describing commands
 * (network-setup.ts) and the acting ones (network-actions.ts) use, so a peer or channel the
 * transcript never declared fails the same way wherever it is named.
 */
import type { PeerState } from '../../peer';
import type { NetworkSettings, World } from '../../sim';
import type { Args } from '../args';
import { NetworkReporter } from './network-report';

export type Profile = 'fabric-1.4' | 'fabric-2.x';

export interface PeerDecl {
  readonly name: string;
  readonly org: string;
  readonly internal: string;
  readonly external: string;
  readonly bootstrap: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export interface ChannelDecl {
  readonly name: string;
  readonly orgs: readonly string[];
  sequence: number;
  anchors: Record<string, string[]>;
  readonly joined: Set<string>;
}

/** One command of the `network` subject, before `start` or after it. */
export type NetworkCommand = (h: NetworkHost, a: Args) => void;

export class NetworkHost {
  world: World<PeerState> | undefined;
  env: Record<string, string> = {};
  readonly peers = new Map<string, PeerDecl>();
  readonly channels = new Map<string, ChannelDecl>();
  readonly reporter = new NetworkReporter();
  lines: string[] = [];

  constructor(
    readonly seed: number,
    readonly profile: Profile,
    readonly network: Partial<NetworkSettings>,
    readonly handshake: boolean,
  ) {}

  /** The started world (the acting commands run only after `start`). */
  w(): World<PeerState> {
    return this.world as World<PeerState>;
  }

  peerName(a: Args, name: string): string {
    if (!this.peers.has(name)) a.fail(`unknown peer ${name} (peers: ${[...this.peers.keys()].join(', ')})`);
    return name;
  }

  channelDecl(a: Args, name: string): ChannelDecl {
    return this.channels.get(name) ?? a.fail(`unknown channel ${name} (declare it with: channel ${name} orgs=(...))`);
  }

  /** `anchors=(Org1MSP:p0,...)`: each org's anchor peers, by their external endpoints. */
  anchorsArg(a: Args): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const x of a.list('anchors', [])) {
      const m = /^([^:]+):(.+)$/.exec(x) ?? a.fail(`anchor ${x} must be Org:peer`);
      const peer = this.peers.get(m[2] as string) ?? a.fail(`unknown peer ${m[2]} in anchors`);
      (out[m[1] as string] ??= []).push(peer.external);
    }
    return out;
  }
}
