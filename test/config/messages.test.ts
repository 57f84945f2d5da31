/**
 * Every refusal and warning of the configuration loader compared whole ({ kind, key, value,
 * message }), through the public entry points (loadConfig, validateConfig, checkConfig). The other
 * test files check which key and value a problem names; this one pins what the operator reads, so
 * a message that lost its reason, or the reason of another rule, fails here. Messages are
 * `${key}: ${reason} (got ${show(value)})` (errors.ts), where show() is JSON text; each reason is
 * the one its rule states in the source.
 */
import {
  FABRIC_1_4,
  FABRIC_2X,
  FABRIC_BOTH_LEADER_MODES_PANIC,
  PROFILES,
  checkConfig,
  loadConfig,
  setField,
  validateConfig,
  type ConfigError,
  type ConfigWarning,
  type GossipConfig,
  type LoadResult,
} from '../../src/config';

function err(key: string, value: unknown, message: string): ConfigError {
  return { kind: 'configError', key, value, message };
}

function warn(key: string, value: unknown, message: string): ConfigWarning {
  return { kind: 'configWarning', key, value, message };
}

function gossip(lines: string): string {
  return `peer:\n  gossip:\n${lines.replace(/^/gm, '    ')}\n`;
}

function errorsOf(r: LoadResult): readonly ConfigError[] {
  if (r.ok) throw new Error('expected the configuration to be refused');
  return r.errors;
}

function config(r: LoadResult): GossipConfig {
  if (!r.ok) throw new Error(`expected a valid configuration: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.config;
}

const NEEDS_UNIT = 'a duration needs a unit such as 4s or 1500ms (Fabric would read a bare number as nanoseconds)';
const NOT_DECIMAL = 'write a plain decimal number without leading zeros or base prefixes (Fabric would read 010 as octal 8, 0x10 as 16)';
const BAD_BOOL = 'expected a boolean: true/false/1/0 (also t, f, TRUE, FALSE, True, False); Fabric would read any other value as false';

describe('[CFG-FUNC-WRONG-TYPE.1] refusals of a value that does not read as its kind (coerce.ts)', () => {
  it.each<[string, string, unknown, string]>([
    ['externalEndpoint: 7051', 'peer.gossip.externalEndpoint', 7051, 'expected an endpoint string host:port (got 7051)'],
    ['pullInterval: [4s]', 'peer.gossip.pullInterval', ['4s'], 'expected a duration such as 4s or 1500ms (got ["4s"])'],
    ['pullInterval: true', 'peer.gossip.pullInterval', true, 'expected a duration such as 4s or 1500ms (got true)'],
    ['pullInterval: 4', 'peer.gossip.pullInterval', 4, `${NEEDS_UNIT} (got 4)`],
    ['pullInterval: "4000"', 'peer.gossip.pullInterval', '4000', `${NEEDS_UNIT} (got "4000")`],
    ['propagatePeerNum: 2.5', 'peer.gossip.propagatePeerNum', 2.5, 'expected a whole number (got 2.5)'],
    ['propagatePeerNum: true', 'peer.gossip.propagatePeerNum', true, 'expected a whole number (got true)'],
    ['propagatePeerNum: three', 'peer.gossip.propagatePeerNum', 'three', 'expected a whole number (got "three")'],
    ['maxBlockCountToStore: 010', 'peer.gossip.maxBlockCountToStore', '010', `${NOT_DECIMAL} (got "010")`],
    ['orgLeader: yes', 'peer.gossip.orgLeader', 'yes', `${BAD_BOOL} (got "yes")`],
    ['bootstrap: [peer1:8051, 7]', 'peer.gossip.bootstrap', ['peer1:8051', 7], 'expected a list of endpoint strings host:port (got ["peer1:8051",7])'],
    ['bootstrap: {a: 1}', 'peer.gossip.bootstrap', { a: 1 }, 'expected a list of endpoints, or one string of endpoints separated by spaces (got {"a":1})'],
    [
      'election:\n  leaderAliveThreshold: 10 seconds',
      'peer.gossip.election.leaderAliveThreshold',
      '10 seconds',
      'unknown unit " seconds" in duration (use ns, us, ms, s, m or h); expected a Go duration such as 10s, 1500ms or 1m30s (got "10 seconds")',
    ],
  ])('[CFG-FUNC-WRONG-TYPE.1] [CFG-FUNC-ERRORS-NAME-KEY.1] %s', (line, key, value, reason) => {
    expect(errorsOf(loadConfig({ yaml: gossip(line) }))).toEqual([err(key, value, `${key}: ${reason}`)]);
  });

  it.each<[string, string, string]>([
    // No unit letter and not a lone 0: viper's GetDuration would read these as nanoseconds (cast.ToDuration of a number string).
    ['CORE_PEER_GOSSIP_PULLINTERVAL', '10', NEEDS_UNIT],
    ['CORE_PEER_GOSSIP_PULLINTERVAL', '05', NEEDS_UNIT],
    ['CORE_PEER_GOSSIP_PULLINTERVAL', '0.5', NEEDS_UNIT],
    ['CORE_PEER_GOSSIP_PULLINTERVAL', '00', NEEDS_UNIT],
    ['CORE_PEER_GOSSIP_PULLINTERVAL', '-1', NEEDS_UNIT],
    // Go's strconv.ParseInt(s, 0, 64) (viper's cast.ToInt) reads a leading 0 as octal and 0x as hex.
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '010', NOT_DECIMAL],
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '-010', NOT_DECIMAL],
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '+0x10', NOT_DECIMAL],
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '0b1', NOT_DECIMAL],
    // Neither a decimal integer nor a base prefix: a plain whole-number refusal.
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '3.05', 'expected a whole number'],
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '0.5', 'expected a whole number'],
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '1e3', 'expected a whole number'],
    // Decimal, but beyond 2^53: not exactly representable as a number here.
    ['CORE_PEER_GOSSIP_PULLPEERNUM', '9007199254740993', 'number out of range'],
  ])('[CFG-FUNC-WRONG-TYPE.1] %s=%s', (name, text, reason) => {
    const key = name === 'CORE_PEER_GOSSIP_PULLINTERVAL' ? 'peer.gossip.pullInterval' : 'peer.gossip.pullPeerNum';
    expect(errorsOf(loadConfig({ env: { [name]: text } }))).toEqual([err(key, text, `${key}: ${reason} (got ${JSON.stringify(text)})`)]);
  });
});

describe('[CFG-FUNC-YAML-LAYER.1] refusals of a document of the wrong shape (layers.ts)', () => {
  it.each<[string, string, unknown, string]>([
    ['- a\n- b\n', '(yaml)', ['a', 'b'], 'the document must be a map with a peer section'],
    ['just text\n', '(yaml)', 'just text', 'the document must be a map with a peer section'],
    ['peer: 5\n', 'peer', 5, 'expected a map'],
    ['peer: [gossip]\n', 'peer', ['gossip'], 'expected a map'],
    ['peer:\n  gossip: 5\n', 'peer.gossip', 5, 'expected a map'],
    ['peer:\n  deliveryclient: [x]\n', 'peer.deliveryclient', ['x'], 'expected a map'],
    ['peer:\n  gossip:\n    election: 5s\n', 'peer.gossip.election', '5s', 'expected a map'],
    ['peer:\n  gossip:\n    state: [1]\n', 'peer.gossip.state', [1], 'expected a map'],
    ['peer:\n  gossip: {}\nPeer:\n  gossip: {}\n', 'peer', ['peer', 'Peer'], 'set more than once (Fabric matches keys without regard to case)'],
    ['peer:\n  gossip: {}\n  Gossip: {}\n', 'peer.gossip', ['gossip', 'Gossip'], 'set more than once (Fabric matches keys without regard to case)'],
  ])('[CFG-FUNC-YAML-LAYER.1] [CFG-FUNC-WRONG-TYPE.1] %j', (yaml, key, value, reason) => {
    expect(errorsOf(loadConfig({ yaml }))).toEqual([err(key, value, `${key}: ${reason} (got ${JSON.stringify(value)})`)]);
  });

  it('[CFG-FUNC-YAML-LAYER.1] one key in two spellings names the second and the first', () => {
    expect(errorsOf(loadConfig({ yaml: gossip('orgLeader: true\norgleader: false') }))).toEqual([
      err('peer.gossip.orgleader', false, 'peer.gossip.orgleader: set twice, also as peer.gossip.orgLeader (Fabric matches keys without regard to case) (got false)'),
    ]);
  });
});

describe('[CFG-FUNC-UNKNOWN-KEY.1] [CFG-FUNC-ENV-OVERRIDE.1] warnings, whole', () => {
  it('[CFG-FUNC-UNKNOWN-KEY.1] a Fabric key we do not model, and a key Fabric does not have, in a document', () => {
    const r = loadConfig({ yaml: gossip('nonBlockingCommitMode: true\nstateInfoRetentionInterval: 5s\npvtDataX: 1\nstate:\n  enabledd: true') });
    expect(config(r)).toEqual(FABRIC_2X);
    expect(r.warnings).toEqual([
      warn('peer.gossip.nonBlockingCommitMode', true, 'peer.gossip.nonBlockingCommitMode: a Fabric key this implementation does not model; ignored (got true)'),
      warn('peer.gossip.stateInfoRetentionInterval', '5s', 'peer.gossip.stateInfoRetentionInterval: a Fabric key this implementation does not model; ignored (got "5s")'),
      warn('peer.gossip.pvtDataX', 1, 'peer.gossip.pvtDataX: not a Fabric gossip key; ignored, as Fabric ignores unknown keys (misspelt?) (got 1)'),
      warn('peer.gossip.state.enabledd', true, 'peer.gossip.state.enabledd: not a Fabric gossip key; ignored, as Fabric ignores unknown keys (misspelt?) (got true)'),
    ]);
  });

  it('[CFG-FUNC-ENV-OVERRIDE.1] [CFG-FUNC-UNKNOWN-KEY.1] an empty variable, an unmodelled Fabric variable and one that names no key', () => {
    const r = loadConfig({
      env: {
        CORE_PEER_GOSSIP_BOOTSTRAP: '',
        CORE_PEER_GOSSIP_SKIPBLOCKVERIFICATION: 'true',
        CORE_PEER_GOSSIP_NONBLOCKINGCOMMITMODE: 'true',
        CORE_PEER_GOSSIP_PVTDATA_PUSHACKTIMEOUT: '3s',
        CORE_PEER_GOSSIP_PVTDATAX: '1',
      },
    });
    expect(config(r)).toEqual(FABRIC_2X);
    const unmodelled = 'a Fabric setting this implementation does not model; ignored';
    expect(r.warnings).toEqual([
      warn('CORE_PEER_GOSSIP_BOOTSTRAP', '', 'CORE_PEER_GOSSIP_BOOTSTRAP: empty, so peer.gossip.bootstrap is not overridden (Fabric ignores empty variables too) (got "")'),
      warn('CORE_PEER_GOSSIP_SKIPBLOCKVERIFICATION', 'true', `CORE_PEER_GOSSIP_SKIPBLOCKVERIFICATION: ${unmodelled} (got "true")`),
      warn('CORE_PEER_GOSSIP_NONBLOCKINGCOMMITMODE', 'true', `CORE_PEER_GOSSIP_NONBLOCKINGCOMMITMODE: ${unmodelled} (got "true")`),
      warn('CORE_PEER_GOSSIP_PVTDATA_PUSHACKTIMEOUT', '3s', `CORE_PEER_GOSSIP_PVTDATA_PUSHACKTIMEOUT: ${unmodelled} (got "3s")`),
      // Shares the text CORE_PEER_GOSSIP_PVTDATA but is no variable under it.
      warn('CORE_PEER_GOSSIP_PVTDATAX', '1', 'CORE_PEER_GOSSIP_PVTDATAX: names no gossip key; ignored, as Fabric ignores it (misspelt?) (got "1")'),
    ]);
  });

  it('[CFG-FUNC-ENV-OVERRIDE.1] variables outside CORE_PEER_GOSSIP_ are neither applied nor reported', () => {
    const r = loadConfig({ env: { PATH: '/usr/bin', CORE_PEER_ADDRESS: 'x:1', CORE_PEER_DELIVERYCLIENT_CONNTIMEOUT: '3s', core_peer_gossip_orgleader: 'false' } });
    expect(r).toEqual({ ok: true, config: FABRIC_2X, warnings: [] });
  });
});

describe('[CFG-FUNC-ERRORS-NAME-KEY.1] validation refusals, whole (validate.ts)', () => {
  it.each<[string, GossipConfig, ConfigError]>([
    [
      'a sub-millisecond duration [CFG-FUNC-DURATION-WHOLE-MS.1]',
      { ...FABRIC_2X, maxPropagationBurstLatencyMs: 0.5 },
      err('peer.gossip.maxPropagationBurstLatency', 0.5, 'peer.gossip.maxPropagationBurstLatency: 500us is not a whole number of milliseconds; virtual time has 1 ms resolution (got 0.5)'),
    ],
    [
      'a negative duration [CFG-FUNC-DURATION-NON-NEGATIVE.1]',
      { ...FABRIC_2X, publishCertPeriodMs: -1_500 },
      err('peer.gossip.publishCertPeriod', -1_500, 'peer.gossip.publishCertPeriod: -1500ms: a duration must not be negative (got -1500)'),
    ],
    [
      'a zero interval [CFG-FUNC-INTERVAL-POSITIVE.1]',
      { ...FABRIC_2X, requestStateInfoIntervalMs: 0 },
      err('peer.gossip.requestStateInfoInterval', 0, 'peer.gossip.requestStateInfoInterval: must be positive: Fabric runs a timer or timeout of this length, and 0 would fire without end (got 0)'),
    ],
    ['a fractional count [CFG-FUNC-COUNT-RANGE.1]', { ...FABRIC_2X, recvBuffSize: 2.5 }, err('peer.gossip.recvBuffSize', 2.5, 'peer.gossip.recvBuffSize: expected a whole number (got 2.5)')],
    ['a negative count [CFG-FUNC-COUNT-RANGE.1]', { ...FABRIC_2X, propagatePeerNum: -1 }, err('peer.gossip.propagatePeerNum', -1, 'peer.gossip.propagatePeerNum: must not be negative (got -1)')],
    ['a zero burst size [CFG-FUNC-COUNT-RANGE.1]', { ...FABRIC_2X, maxPropagationBurstSize: 0 }, err('peer.gossip.maxPropagationBurstSize', 0, 'peer.gossip.maxPropagationBurstSize: must be at least 1 (got 0)')],
    [
      'an endpoint without a port [CFG-FUNC-ENDPOINT-FORMAT.1]',
      { ...FABRIC_2X, externalEndpoint: 'x' },
      err('peer.gossip.externalEndpoint', 'x', 'peer.gossip.externalEndpoint: missing port: expected host:port (got "x")'),
    ],
    [
      'a port with trailing letters [CFG-FUNC-ENDPOINT-FORMAT.1]',
      { ...FABRIC_2X, endpoint: 'h:80a' },
      err('peer.gossip.endpoint', 'h:80a', 'peer.gossip.endpoint: port "80a" is not a number (got "h:80a")'),
    ],
    [
      'a pull round as long as its interval [CFG-FUNC-PULL-WINDOW.1]',
      { ...FABRIC_2X, responseWaitTimeMs: 3_000 },
      err(
        'peer.gossip.pullInterval',
        4_000,
        'peer.gossip.pullInterval: pullInterval 4s must be greater than digestWaitTime + responseWaitTime = 4s, or a pull round would overlap the next (got 4000)',
      ),
    ],
    [
      'an alive expiry below 10ms [CFG-FUNC-DERIVED-PERIODS.1]',
      { ...FABRIC_2X, aliveExpirationTimeoutMs: 9 },
      err('peer.gossip.aliveExpirationTimeout', 9, 'peer.gossip.aliveExpirationTimeout: must be at least 10ms: the dead-member check runs every aliveExpirationTimeout/10 (got 9)'),
    ],
    [
      'an alive store TTL below 100ms [CFG-FUNC-DERIVED-PERIODS.1]',
      { ...FABRIC_2X, aliveExpirationTimeoutMs: 40, msgExpirationFactor: 2 },
      err(
        'peer.gossip.msgExpirationFactor',
        2,
        'peer.gossip.msgExpirationFactor: aliveExpirationTimeout × msgExpirationFactor must be at least 100ms: the alive message store is swept every TTL/100 (got 2)',
      ),
    ],
    [
      'a leader alive threshold below 10ms [CFG-FUNC-DERIVED-PERIODS.1]',
      setField(FABRIC_1_4, 'election.leaderAliveThresholdMs', 9),
      err(
        'peer.gossip.election.leaderAliveThreshold',
        9,
        'peer.gossip.election.leaderAliveThreshold: must be at least 10ms: the leadership store is swept every leaderAliveThreshold×10/100 (got 9)',
      ),
    ],
    [
      'both leader modes [CFG-FUNC-BOTH-LEADER-MODES.1]',
      { ...FABRIC_2X, useLeaderElection: true },
      err(
        'peer.gossip.useLeaderElection',
        true,
        `peer.gossip.useLeaderElection: peer.gossip.useLeaderElection and peer.gossip.orgLeader are both true; Fabric aborts with "${FABRIC_BOTH_LEADER_MODES_PANIC}" when it initializes a channel, so this configuration is rejected when it is loaded (got true)`,
      ),
    ],
  ])('[CFG-FUNC-ERRORS-NAME-KEY.1] %s', (_what, c, expected) => {
    expect(validateConfig(c)).toEqual([expected]);
  });

  it('[CFG-FUNC-ERRORS-NAME-KEY.1] [CFG-FUNC-INTERVAL-POSITIVE.1] a non-finite duration is one refusal, not a crash of the rules that do arithmetic with it', () => {
    for (const [field, key] of [
      ['pullIntervalMs', 'peer.gossip.pullInterval'],
      ['digestWaitTimeMs', 'peer.gossip.digestWaitTime'],
      ['responseWaitTimeMs', 'peer.gossip.responseWaitTime'],
    ] as const) {
      for (const v of [Number.NaN, Number.POSITIVE_INFINITY]) {
        const errors = validateConfig({ ...FABRIC_2X, [field]: v });
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({ kind: 'configError', key, value: v });
        expect(errors[0]?.message).toBe(`${key}: expected a finite duration (got ${String(v)})`);
      }
    }
  });

  it('[CFG-FUNC-ERRORS-NAME-KEY.1] a refused load reports the value as written, in its value and in its message', () => {
    expect(errorsOf(loadConfig({ yaml: gossip('aliveTimeInterval: -5s') }))).toEqual([
      err('peer.gossip.aliveTimeInterval', '-5s', 'peer.gossip.aliveTimeInterval: -5s: a duration must not be negative (got "-5s")'),
    ]);
  });
});

describe('[CFG-FUNC-WRONG-TYPE.1] checkConfig and a malformed base profile (codec names in messages)', () => {
  it('[CFG-FUNC-WRONG-TYPE.1] a value that is no configuration at all is named by the GossipConfig codec and reported as given', () => {
    const r = checkConfig(5);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toEqual(err('(root)', 5, '(root): expected GossipConfig, got 5 (got 5)'));
  });

  it.each([
    ['state', 'StateParams'],
    ['deliveryclient', 'DeliveryClientParams'],
    ['election', 'ElectionParams'],
  ])('[CFG-FUNC-WRONG-TYPE.1] a %s section that is not an object is named by the %s codec', (section, codec) => {
    const r = checkConfig({ ...FABRIC_2X, [section]: 5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    // The section's path is named once, as the key (it was doubled: "state: state: expected ...").
    expect(r.errors[0]).toEqual(err(section, 5, `${section}: expected ${codec}, got 5 (got 5)`));
  });

  it('[CFG-FUNC-WRONG-TYPE.1] [CFG-FUNC-ERRORS-NAME-KEY.1] a decoded configuration that breaks a rule is refused by checkConfig with the rule\u2019s errors', () => {
    expect(checkConfig({ ...FABRIC_2X, propagatePeerNum: -1 })).toEqual({
      ok: false,
      errors: [err('peer.gossip.propagatePeerNum', -1, 'peer.gossip.propagatePeerNum: must not be negative (got -1)')],
    });
  });

  it('[CFG-FUNC-WRONG-TYPE.1] [CFG-FUNC-ERRORS-NAME-KEY.1] a base profile whose typed config does not decode is one error naming the Fabric key once, with the value the profile holds', () => {
    const base = { ...PROFILES['fabric-2.x'], config: { ...FABRIC_2X, pullIntervalMs: '4s' as unknown as number } };
    expect(loadConfig({ base })).toEqual({
      ok: false,
      errors: [err('peer.gossip.pullInterval', '4s', 'peer.gossip.pullInterval: expected number, got "4s" (got "4s")')],
      warnings: [],
    });
  });
});
