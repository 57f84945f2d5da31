/**
 * The value rules of a gossip configuration. Each rule names Fabric's dotted key and the value in
 * its error, and cites its requirement in spec/cfg.md. Rules run on a typed GossipConfig, so they
 * also guard configurations built in code (tests, the simulator), not only loaded ones.
 */
import { decodeWith, type DecodeError } from '../core';
import { configError, type ConfigError } from './errors';
import { formatDurationMs } from './duration';
import { GossipConfig } from './params';
import { KEY_SPECS, fabricKeyOf, getField, type KeySpec } from './keys';
import { aliveExpirationCheckIntervalMs, aliveMsgStoreTtlMs, leadershipMsgTtlMs, msgStoreExpirationCheckIntervalMs } from './derived';

/** The exact text of Fabric's panic (gossip/service/gossip_service.go, InitializeChannel). */
export const FABRIC_BOTH_LEADER_MODES_PANIC = "Setting both orgLeader and useLeaderElection to true isn't supported, aborting execution";

/** All problems of a configuration; empty when it is valid. */
export function validateConfig(c: GossipConfig): ConfigError[] {
  return [
    ...KEY_SPECS.flatMap((spec) => checkScalar(c, spec)),
    ...checkEndpoints(c),
    ...checkLeaderModes(c),
    ...checkPullWindow(c),
    ...checkDerivedPeriods(c),
  ];
}

/** Decode an untyped value (e.g. JSON) with the codec, then validate it. */
export function checkConfig(input: unknown): { ok: true; config: GossipConfig } | { ok: false; errors: ConfigError[] } {
  const decoded = decodeWith(GossipConfig, input);
  if (!decoded.ok) {
    return { ok: false, errors: [decodeFailure(decoded.error, input)] };
  }
  const errors = validateConfig(decoded.value);
  return errors.length === 0 ? { ok: true, config: decoded.value } : { ok: false, errors };
}

/**
 * [CFG-FUNC-WRONG-TYPE.1] A configuration that does not decode, reported under Fabric's key (the
 * decode error names our field path, which the message then leaves out) with the value found there.
 */
export function decodeFailure(error: DecodeError, input: unknown): ConfigError {
  const field = error.path;
  const where = field === '' ? '(root)' : field;
  const value = field === '' ? input : getField(input as GossipConfig, field);
  return configError(field === '' ? where : fabricKeyOf(field), value, error.message.slice(`${where}: `.length));
}

function checkScalar(c: GossipConfig, spec: KeySpec): ConfigError[] {
  const v = getField(c, spec.field);
  if (spec.kind === 'duration') return checkDuration(c, spec, v as number);
  if (spec.kind === 'count') return checkCount(spec, v as number);
  return [];
}

function checkDuration(c: GossipConfig, spec: KeySpec, ms: number): ConfigError[] {
  if (!Number.isFinite(ms)) return [configError(spec.key, ms, 'expected a finite duration')];
  // [CFG-FUNC-DURATION-WHOLE-MS.1] virtual time has millisecond resolution.
  if (!Number.isInteger(ms)) {
    return [configError(spec.key, ms, `${formatDurationMs(ms)} is not a whole number of milliseconds; virtual time has 1 ms resolution`)];
  }
  // [CFG-FUNC-DURATION-NON-NEGATIVE.1]
  if (ms < 0) return [configError(spec.key, ms, `${formatDurationMs(ms)}: a duration must not be negative`)];
  // [CFG-FUNC-INTERVAL-POSITIVE.1] anti-entropy timings matter only while state transfer runs (Fabric starts it only then).
  const unused = spec.field.startsWith('state.') && !c.state.enabled;
  if (spec.min === 1 && ms === 0 && !unused) {
    return [configError(spec.key, ms, 'must be positive: Fabric runs a timer or timeout of this length, and 0 would fire without end')];
  }
  return [];
}

function checkCount(spec: KeySpec, n: number): ConfigError[] {
  // [CFG-FUNC-COUNT-RANGE.1]
  if (!Number.isSafeInteger(n)) return [configError(spec.key, n, 'expected a whole number')];
  if (n < 0) return [configError(spec.key, n, 'must not be negative')];
  if (spec.min === 1 && n === 0) return [configError(spec.key, n, 'must be at least 1')];
  return [];
}

/** [CFG-FUNC-ENDPOINT-FORMAT.1] Why an endpoint is not host:port, or undefined when it is. */
export function endpointProblem(endpoint: string): string | undefined {
  const parts = endpoint.split(':');
  if (parts.length === 1) return 'missing port: expected host:port';
  if (parts.length > 2) return "expected host:port with exactly one ':' (Fabric splits on ':'; IPv6 literals are not supported)";
  const [host = '', port = ''] = parts;
  if (host === '') return 'missing host: expected host:port';
  if (!/^[0-9]+$/.test(port)) return `port ${JSON.stringify(port)} is not a number`;
  const n = Number(port);
  if (n === 0 || n > 65535) return `port ${port} is out of range 1-65535`;
  return undefined;
}

function checkEndpoints(c: GossipConfig): ConfigError[] {
  const errors: ConfigError[] = [];
  // endpoint '' means peer.address; externalEndpoint '' keeps the peer invisible to other orgs.
  for (const field of ['endpoint', 'externalEndpoint'] as const) {
    const ep = c[field];
    const problem = ep === '' ? undefined : endpointProblem(ep);
    if (problem) errors.push(configError(fabricKeyOf(field), ep, problem));
  }
  for (const ep of c.bootstrap) {
    const problem = endpointProblem(ep);
    if (problem) errors.push(configError('peer.gossip.bootstrap', ep, problem));
  }
  return errors;
}

/** [CFG-FUNC-BOTH-LEADER-MODES.1] */
function checkLeaderModes(c: GossipConfig): ConfigError[] {
  if (!(c.useLeaderElection && c.orgLeader)) return [];
  return [
    configError(
      'peer.gossip.useLeaderElection',
      true,
      `peer.gossip.useLeaderElection and peer.gossip.orgLeader are both true; Fabric aborts with "${FABRIC_BOTH_LEADER_MODES_PANIC}" when it initializes a channel, so this configuration is rejected when it is loaded`,
    ),
  ];
}

/** [CFG-FUNC-PULL-WINDOW.1] core.yaml: pullInterval must be greater than digestWaitTime + responseWaitTime. */
function checkPullWindow(c: GossipConfig): ConfigError[] {
  const round = c.digestWaitTimeMs + c.responseWaitTimeMs;
  if (!Number.isFinite(c.pullIntervalMs) || !Number.isFinite(round) || c.pullIntervalMs > round) return [];
  return [
    configError(
      'peer.gossip.pullInterval',
      c.pullIntervalMs,
      `pullInterval ${formatDurationMs(c.pullIntervalMs)} must be greater than digestWaitTime + responseWaitTime = ${formatDurationMs(round)}, or a pull round would overlap the next`,
    ),
  ];
}

/**
 * [CFG-FUNC-DERIVED-PERIODS.1] Periods Fabric derives by division must stay at 1 ms or more, or
 * the simulator would run a timer of 0 ms without end. Checked only when the inputs are otherwise valid.
 */
function checkDerivedPeriods(c: GossipConfig): ConfigError[] {
  const errors: ConfigError[] = [];
  const aet = c.aliveExpirationTimeoutMs;
  if (Number.isInteger(aet) && aet > 0 && Number.isSafeInteger(c.msgExpirationFactor) && c.msgExpirationFactor > 0) {
    if (aliveExpirationCheckIntervalMs(c) < 1) {
      errors.push(configError('peer.gossip.aliveExpirationTimeout', aet, 'must be at least 10ms: the dead-member check runs every aliveExpirationTimeout/10'));
    } else if (msgStoreExpirationCheckIntervalMs(aliveMsgStoreTtlMs(c)) < 1) {
      errors.push(
        configError(
          'peer.gossip.msgExpirationFactor',
          c.msgExpirationFactor,
          'aliveExpirationTimeout × msgExpirationFactor must be at least 100ms: the alive message store is swept every TTL/100',
        ),
      );
    }
  }
  const lat = c.election.leaderAliveThresholdMs;
  if (Number.isInteger(lat) && lat > 0 && msgStoreExpirationCheckIntervalMs(leadershipMsgTtlMs(c)) < 1) {
    errors.push(
      configError('peer.gossip.election.leaderAliveThreshold', lat, 'must be at least 10ms: the leadership store is swept every leaderAliveThreshold×10/100'),
    );
  }
  return errors;
}
