/**
 * [GEN-FUNC-TRANSCRIPT-NETWORK.1] `use network`: whole networks of composed peers (src/peer) in
 * the simulator (src/sim), built like the scenarios' networks (src/scenarios/network.ts, Fabric
 * configuration from a profile and CORE_PEER_GOSSIP_* variables, symbolic crypto, the handshake on
 * every connection). After each command the transcript prints what changed, not how
 * (network-report.ts):
 *
 *   @<time> leader <peer> <channel> on|off      each leadership change, when it happened
 *   @<time> ordererGaveUp <peer> <channel>      a deliver client that gave up
 *   view <peer>: [...]                          alive members, when they changed
 *   chview <peer> <channel>: [...]              channel view, when it changed
 *   height <channel>: p0=3 p1=3 ...             ledger heights, when any changed
 *   leaders <channel>: Org1MSP=[p0] ...         leaders by org, when they changed
 *   up|down <peer>                              liveness changes
 *   rejected <peer>: <reason>=+N                inputs the peer refused at its edge
 *   sent: <type>=N ...                          messages sent during the command, by content
 *   dropped: <reason>=N ...                     envelopes the network dropped, by reason
 *
 * Commands before `start` describe the network; after it they act on it at the current time:
 *   use network seed=1 profile=fabric-1.4 [latency=(1,10)] [handshake=on]
 *   env KEY=VALUE ...                     CORE_PEER_GOSSIP_* for every peer declared after it
 *   peer p0 org=Org1MSP [endpoint=h:p] [external=none|h:p] [bootstrap=(p1)] [env=(KEY=VALUE,...)]
 *   channel mychannel orgs=(Org1MSP,Org2MSP) [anchors=(Org1MSP:p0)]
 *   start [down=(p3)]
 *   join channel=mychannel [peers=(p0,p1)]     JOIN_CHANNEL with the channel's current config
 *   config channel=mychannel anchors=(Org1MSP:p0)   a config update: a block, then the new config to joined peers
 *   cut channel=mychannel [count=N]            the ordering service cuts blocks
 *   advance by=10s | to=30s
 *   partition (p0,p1) (p2,p3) / heal / crash p0 / restart p0 / stop p0
 *   yield peer=p0 channel=c / leave peer=p0 channel=c / orderer channel=c down|up
 *   loss p=0.1 / duplication p=0.1 / latency min=1ms max=10ms / inject peer=p0 garbage
 *   status                                     every peer's state in full
 *
 * This file starts the subject and runs each command from the table of its phase: network-setup.ts
 * before `start`, network-actions.ts after it; network-host.ts is what they share.
 */
import { Args, parseDurationMs } from '../args';
import { fmtMs, list } from '../format';
import type { Command } from '../parse';
import type { Session, Started } from '../session';
import { ACTING_COMMANDS } from './network-actions';
import { NetworkHost, type Profile } from './network-host';
import { SETUP_COMMANDS } from './network-setup';

export function networkSubject(a: Args): Started {
  const seed = a.int('seed', 1);
  const profile = a.oneOf<Profile>('profile', ['fabric-1.4', 'fabric-2.x'], 'fabric-1.4');
  const latency = a.list('latency', ['1ms', '10ms']);
  const handshake = a.bool('handshake', true);
  a.done();
  const [minText, maxText] = latency;
  const minLatencyMs = minText === undefined ? undefined : parseDurationMs(minText);
  const maxLatencyMs = maxText === undefined ? undefined : parseDurationMs(maxText);
  if (latency.length !== 2 || minLatencyMs === undefined || maxLatencyMs === undefined) return a.fail('latency=(min,max) with durations');
  return {
    session: new NetworkSession(new NetworkHost(seed, profile, { minLatencyMs, maxLatencyMs }, handshake)),
    output: [`network seed=${seed} profile=${profile} latency=${list([fmtMs(minLatencyMs), fmtMs(maxLatencyMs)])} handshake=${handshake}`],
  };
}

class NetworkSession implements Session {
  constructor(private readonly h: NetworkHost) {}

  run(cmd: Command): string[] {
    const a: Args = new Args(cmd);
    const h = this.h;
    h.lines = [];
    const before = h.world?.step ?? 0;
    const setup = SETUP_COMMANDS;
    const acting = ACTING_COMMANDS;
    const fn = h.world === undefined ? setup[cmd.name] : acting[cmd.name];
    if (fn === undefined) {
      const other = h.world === undefined ? acting : setup;
      if (other[cmd.name] !== undefined) a.fail(h.world === undefined ? 'the network has not started yet (start comes first)' : 'the network has started: describe it before `start`');
      a.fail(`unknown command (network commands: ${[...Object.keys(setup), ...Object.keys(acting)].sort().join(', ')})`);
    }
    fn(h, a);
    if (h.world !== undefined) h.lines.push(...h.reporter.report(h.world, before, h.peers, h.channels));
    return h.lines;
  }
}
