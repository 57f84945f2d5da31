/** Scenario actions in words, for the run's timeline and report. */
import type { Action, OrdererPlacement } from './scenario-file';

/** [GEN-FUNC-SCENARIO-ORDERER-SIDE.1] Where the partition leaves the ordering service, in words ('' when outside it). */
function ordererSide(placement: OrdererPlacement | undefined): string {
  if (placement === undefined || placement === 'reachable') return '';
  if (placement === 'unreachable') return ' (ordering service unreachable)';
  return 'group' in placement ? ` (ordering service with group ${placement.group})` : ` (ordering service on ${placement.withPeer}'s side)`;
}

/** A short English rendering of an action, for timelines. */
export function describeAction(a: Action): string {
  const names = (xs: readonly string[]) => xs.join(', ');
  switch (a.kind) {
    case 'start':
      return `start ${names(a.value)}`;
    case 'stop':
      return `stop ${names(a.value)}`;
    case 'crash':
      return `crash ${names(a.value)}`;
    case 'restart':
      return `restart ${names(a.value)}`;
    case 'partition':
      return `partition ${a.value.groups.map((g) => `{${names(g)}}`).join(' | ')}${ordererSide(a.value.orderer)}`;
    case 'heal':
      return 'heal the partition';
    case 'join':
      return `${a.value.peers === undefined ? 'every peer' : names(a.value.peers)} join${a.value.peers?.length === 1 ? 's' : ''} ${a.value.channel}`;
    case 'createChannel':
      return `create channel ${a.value} (the orderer cuts block 0)`;
    case 'configUpdate':
      return `config update of ${a.value.channel}: anchor peers ${Object.entries(a.value.anchorPeers).map(([o, eps]) => `${o} ${names(eps)}`).join('; ')}`;
    case 'cutBlocks':
      return `the orderer cuts ${a.value.count ?? 1} block${(a.value.count ?? 1) === 1 ? '' : 's'} of ${a.value.channel}`;
    case 'yield':
      return `${a.value.peer} yields leadership of ${a.value.channel}`;
    case 'leave':
      return `${a.value.peer} leaves ${a.value.channel}`;
    case 'ordererOutage':
      return `ordering service of ${a.value.channel ?? 'every channel'} ${a.value.down ? 'down' : 'back'}`;
    case 'setLoss':
      return `message loss ${a.value}`;
    case 'setDuplication':
      return `message duplication ${a.value}`;
    case 'setLatency':
      return `latency ${a.value.min}-${a.value.max} ms`;
    case 'note':
      return a.value;
  }
}
