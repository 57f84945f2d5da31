/**
 * The commands of a `network` transcript (network.ts) before `start`: they describe the network
 * (env, peer, channel), and `start` builds it as the scenarios build theirs
 * (src/scenarios/network.ts): each peer's Fabric configuration from the profile and its
 * CORE_PEER_GOSSIP_* variables, then the world. Nothing here acts on a running network.
 */
import { loadConfig, type GossipConfig } from '../../config';
import { buildNetwork, type PeerDefinition } from '../../scenarios/network';
import { crash } from '../../sim';
import type { Args } from '../args';
import { oneWord } from '../session';
import type { NetworkCommand, NetworkHost, PeerDecl } from './network-host';

function cmdEnv(h: NetworkHost, a: Args): void {
  const pairs = a.command.args.map((arg) => {
    if (arg.key === undefined || arg.isList) a.fail(`write KEY=VALUE, not ${arg.text}`);
    return [arg.key, arg.values[0] as string] as const;
  });
  // Every argument is a variable: mark them read.
  for (const [key] of pairs) a.str(key);
  a.done();
  h.env = { ...h.env, ...Object.fromEntries(pairs) };
}

function cmdPeer(h: NetworkHost, a: Args): void {
  const name = oneWord(a, 'name one peer: peer p0 org=Org1MSP');
  const org = a.str('org');
  const internal = a.str('endpoint', `${name}:7051`);
  const externalText = a.str('external', internal);
  const bootstrap = a.list('bootstrap', []);
  const env = Object.fromEntries(
    a.list('env', []).map((kv) => {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(kv) ?? a.fail(`env element ${kv} must be KEY=VALUE`);
      return [m[1] as string, m[2] as string];
    }),
  );
  a.done();
  if (h.peers.has(name)) a.fail(`${name} is declared already`);
  h.peers.set(name, { name, org, internal, external: externalText === 'none' ? '' : externalText, bootstrap, env: { ...h.env, ...env } });
}

function cmdChannel(h: NetworkHost, a: Args): void {
  const name = oneWord(a, 'name one channel: channel mychannel orgs=(Org1MSP)');
  const orgs = a.list('orgs');
  const anchors = h.anchorsArg(a);
  a.done();
  h.channels.set(name, { name, orgs, sequence: 0, anchors, joined: new Set() });
}

function endpointOf(h: NetworkHost, a: Args, ref: string): string {
  if (ref.includes(':')) return ref;
  return (h.peers.get(ref) ?? a.fail(`unknown peer ${ref} in bootstrap`)).internal;
}

function configOf(h: NetworkHost, a: Args, p: PeerDecl): GossipConfig {
  const env: Record<string, string> = { ...p.env };
  if (p.external !== '') env['CORE_PEER_GOSSIP_EXTERNALENDPOINT'] = p.external;
  if (p.bootstrap.length > 0) env['CORE_PEER_GOSSIP_BOOTSTRAP'] = p.bootstrap.map((b) => endpointOf(h, a, b)).join(' ');
  const loaded = loadConfig({ base: h.profile, env });
  if (!loaded.ok) a.fail(`configuration of ${p.name}: ${loaded.errors.map((e) => e.message).join('; ')}`);
  return loaded.config;
}

function cmdStart(h: NetworkHost, a: Args): void {
  const down = a.list('down', []);
  a.done();
  if (h.peers.size === 0) a.fail('declare peers first');
  const defs: PeerDefinition[] = [...h.peers.values()].map((p) => ({ name: p.name, org: p.org, internalEndpoint: p.internal, externalEndpoint: p.external, config: configOf(h, a, p) }));
  let w = buildNetwork({ seed: h.seed, peers: defs, network: h.network, tracing: true, handshake: h.handshake });
  h.reporter.nameAll(w.directory.specs);
  for (const name of down) {
    if (!h.peers.has(name)) a.fail(`unknown peer ${name}`);
    w = crash(w, name);
  }
  h.world = w;
}

/** The commands before `start`, by name. */
export const SETUP_COMMANDS: Readonly<Record<string, NetworkCommand>> = { env: cmdEnv, peer: cmdPeer, channel: cmdChannel, start: cmdStart };
