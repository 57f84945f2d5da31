/**
 * Edge cases of reading one raw value as its key's kind (coerce.ts), through loadConfig: what
 * viper would read silently and differently is refused, what it reads the same way is accepted.
 * Each expectation cites the Go function that decides Fabric's reading: strconv.ParseBool (viper's
 * cast.ToBool), strconv.ParseInt(s, 0, 64) (cast.ToInt: base prefixes, leading-zero octal),
 * time.ParseDuration (cast.ToDuration of text with a unit; of a bare number: nanoseconds) and
 * strings.Fields (cast.ToStringSlice of a string).
 */
import { FABRIC_2X, loadConfig, splitFields, type GossipConfig, type LoadResult } from '../../src/config';

function gossip(lines: string): string {
  return `peer:\n  gossip:\n${lines.replace(/^/gm, '    ')}\n`;
}

function config(r: LoadResult): GossipConfig {
  if (!r.ok) throw new Error(`expected a valid configuration: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.config;
}

function refusedKeys(r: LoadResult): [string, unknown][] {
  if (r.ok) throw new Error('expected the configuration to be refused');
  return r.errors.map((e) => [e.key, e.value]);
}

describe('[CFG-FUNC-BOOL-SYNTAX.1] YAML numbers for a boolean', () => {
  it('[CFG-FUNC-BOOL-SYNTAX.1] 0 is false and 1 is true (cast.ToBool of an int is i != 0); other numbers are refused', () => {
    const c = config(loadConfig({ base: 'fabric-2.x', yaml: gossip('useLeaderElection: 1\norgLeader: 0\nstate:\n  enabled: 1') }));
    expect([c.useLeaderElection, c.orgLeader, c.state.enabled]).toEqual([true, false, true]);
    const c2 = config(loadConfig({ base: 'fabric-1.4', yaml: gossip('useLeaderElection: 0\nstate:\n  enabled: 0') }));
    expect([c2.useLeaderElection, c2.state.enabled]).toEqual([false, false]);
    expect(refusedKeys(loadConfig({ yaml: gossip('orgLeader: -1\nuseLeaderElection: 0.5') }))).toEqual([
      ['peer.gossip.orgLeader', -1],
      ['peer.gossip.useLeaderElection', 0.5],
    ]);
  });
});

describe('[CFG-FUNC-WRONG-TYPE.1] durations without a unit', () => {
  it('[CFG-FUNC-WRONG-TYPE.1] [CFG-FUNC-DURATION-SYNTAX.1] only a lone 0, signed or not, needs no unit (time.ParseDuration accepts "0", "+0", "-0")', () => {
    for (const text of ['0', '+0', '-0']) {
      expect(config(loadConfig({ base: 'fabric-2.x', env: { CORE_PEER_GOSSIP_STATE_CHECKINTERVAL: text } })).state.checkIntervalMs).toBe(0);
    }
    for (const text of ['10', '+10', '00', '05', '0.5', '.5', '-0.0', '0 ']) {
      expect([text, refusedKeys(loadConfig({ env: { CORE_PEER_GOSSIP_STATE_CHECKINTERVAL: text } }))]).toEqual([text, [['peer.gossip.state.checkInterval', text]]]);
    }
  });

  it('[CFG-FUNC-DURATION-SYNTAX.1] any of the unit letters, in any position that Go accepts, makes the text a duration', () => {
    const c = config(loadConfig({ env: { CORE_PEER_GOSSIP_DIALTIMEOUT: '.5s', CORE_PEER_GOSSIP_CONNTIMEOUT: '5.s', CORE_PEER_GOSSIP_MAXPROPAGATIONBURSTLATENCY: '5000\u00b5s' } }));
    expect([c.dialTimeoutMs, c.connTimeoutMs, c.maxPropagationBurstLatencyMs]).toEqual([500, 5_000, 5]);
  });
});

describe('[CFG-FUNC-WRONG-TYPE.1] counts as text', () => {
  it('[CFG-FUNC-WRONG-TYPE.1] [CFG-FUNC-COUNT-RANGE.1] plain decimals, signed or not, are read; the largest exact one too', () => {
    const c = config(loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_PULLPEERNUM: '+4', CORE_PEER_GOSSIP_STATE_CHANNELSIZE: '9007199254740991', CORE_PEER_GOSSIP_RECVBUFFSIZE: '10' } }));
    expect([c.pullPeerNum, c.state.channelSize, c.recvBuffSize]).toEqual([4, 9_007_199_254_740_991, 10]);
  });

  it('[CFG-FUNC-WRONG-TYPE.1] leading zeros and base prefixes are refused whatever the sign, letters after a digit other than 0 are not a prefix', () => {
    for (const text of ['010', '-010', '+010', '0x10', '0X1F', '0o7', '0b1', '00']) {
      const r = loadConfig({ env: { CORE_PEER_GOSSIP_PULLPEERNUM: text } });
      expect([text, !r.ok && r.errors[0]?.message.includes('leading zeros or base prefixes')]).toEqual([text, true]);
    }
    for (const text of ['1x10', 'x0a', '3.05', '0.5', '-']) {
      const r = loadConfig({ env: { CORE_PEER_GOSSIP_PULLPEERNUM: text } });
      expect([text, !r.ok && r.errors[0]?.message.includes('leading zeros or base prefixes')]).toEqual([text, false]);
    }
  });
});

describe('[CFG-FUNC-BOOTSTRAP-LIST.1] strings.Fields', () => {
  it('[CFG-FUNC-BOOTSTRAP-LIST.1] runs of any white space separate entries; leading and trailing white space adds none', () => {
    expect(splitFields('\t a:1 \n\n b:2\r\n')).toEqual(['a:1', 'b:2']);
    expect(splitFields('   ')).toEqual([]);
    expect(config(loadConfig({ env: { CORE_PEER_GOSSIP_BOOTSTRAP: 'a.org1:7051\t\t \nb.org1:7051' } })).bootstrap).toEqual(['a.org1:7051', 'b.org1:7051']);
  });

  it('[CFG-FUNC-BOOTSTRAP-LIST.1] a string of white space only is an empty list, where viper also gives no peers', () => {
    expect(config(loadConfig({ env: { CORE_PEER_GOSSIP_BOOTSTRAP: '  ' } }))).toEqual({ ...FABRIC_2X, bootstrap: [] });
  });
});
