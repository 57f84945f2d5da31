/**
 * Operations telemetry ([GEN-FUNC-RUNTIME-OPERATIONS.1]): counters and gauges into a prom-client
 * registry under Fabric's metric names (gossip/metrics/metrics.go: gossip_comm_messages_sent,
 * gossip_comm_messages_received, gossip_comm_overflow_count, gossip_leader_election_leader,
 * gossip_state_height, gossip_membership_total_peers_known, ...), and structured logs through
 * pino whose messages use Fabric's words ("Becoming a leader", "Committed block [N]",
 * "Membership view has changed").
 */
import pino, { type Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import type { LogLevel, Telemetry } from '../ports';

/** Prometheus names: letters, digits, '_' and ':' (a reducer's `stateTransfer.batchesRefused` becomes `stateTransfer_batchesRefused`). */
const metricName = (name: string): string => name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/^([0-9])/, '_$1');
const labelName = (name: string): string => name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^([0-9_])/, 'l$1');

const HELP: Readonly<Record<string, string>> = {
  gossip_comm_messages_sent: 'Number of messages sent',
  gossip_comm_messages_received: 'Number of messages received',
  gossip_comm_overflow_count: 'Number of outgoing queue buffer overflows',
  gossip_leader_election_leader: 'Peer is leader (1) or follower (0)',
  gossip_state_height: 'Current ledger height',
  gossip_membership_total_peers_known: 'Total known peers',
};

export class PromTelemetry implements Telemetry {
  readonly registry = new Registry();
  private readonly counters = new Map<string, { metric: Counter; labels: readonly string[] }>();
  private readonly gauges = new Map<string, { metric: Gauge; labels: readonly string[] }>();

  constructor(defaultLabels: Readonly<Record<string, string>> = {}) {
    this.registry.setDefaultLabels({ ...defaultLabels });
  }

  private labelsFor(declared: readonly string[], labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of declared) out[k] = '';
    for (const [k, v] of Object.entries(labels ?? {})) {
      const name = labelName(k);
      if (declared.includes(name)) out[name] = String(v);
    }
    return out;
  }

  count(name: string, labels?: Readonly<Record<string, string>>, by = 1): void {
    const n = metricName(name);
    let c = this.counters.get(n);
    if (c === undefined) {
      if (this.gauges.has(n)) return;
      const declared = Object.keys(labels ?? {}).map(labelName).sort();
      c = { metric: new Counter({ name: n, help: HELP[n] ?? n, labelNames: declared, registers: [this.registry] }), labels: declared };
      this.counters.set(n, c);
    }
    if (Number.isFinite(by) && by >= 0) c.metric.inc(this.labelsFor(c.labels, labels), by);
  }

  gauge(name: string, value: number, labels?: Readonly<Record<string, string>>): void {
    const n = metricName(name);
    let g = this.gauges.get(n);
    if (g === undefined) {
      if (this.counters.has(n)) return;
      const declared = Object.keys(labels ?? {}).map(labelName).sort();
      g = { metric: new Gauge({ name: n, help: HELP[n] ?? n, labelNames: declared, registers: [this.registry] }), labels: declared };
      this.gauges.set(n, g);
    }
    if (Number.isFinite(value)) g.metric.set(this.labelsFor(g.labels, labels), value);
  }

  log(): void {}

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Logs through pino, at `level` and above; Fabric's "Membership view has changed" when a channel's known-peer count moves. */
export class PinoTelemetry implements Telemetry {
  private readonly known = new Map<string, number>();
  constructor(readonly logger: Logger) {}

  static create(options: { name: string; level?: LogLevel; destination?: pino.DestinationStream }): PinoTelemetry {
    const logger = pino({ level: options.level ?? 'info', base: { peer: options.name } }, options.destination ?? pino.destination(1));
    return new PinoTelemetry(logger);
  }

  count(): void {}

  gauge(name: string, value: number, labels?: Readonly<Record<string, string>>): void {
    if (name !== 'gossip_membership_total_peers_known') return;
    const channel = labels?.['channel'] ?? '';
    const before = this.known.get(channel);
    this.known.set(channel, value);
    if (before !== undefined && before !== value) this.logger.info({ channel, peers: value, before }, 'Membership view has changed');
  }

  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.logger[level](fields ?? {}, message);
  }
}

/** Every telemetry in turn. */
export function teeTelemetry(...all: readonly Telemetry[]): Telemetry {
  return {
    count: (n, l, by) => all.forEach((t) => t.count(n, l, by)),
    gauge: (n, v, l) => all.forEach((t) => t.gauge(n, v, l)),
    log: (lv, m, f) => all.forEach((t) => t.log(lv, m, f)),
  };
}
