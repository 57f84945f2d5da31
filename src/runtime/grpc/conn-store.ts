/**
 * The registered connections by PKI-ID (Fabric's comm connStore, conn.go): at most one per remote,
 * and the rule that decides which of two connections to the same PKI-ID stays
 * ([GEN-FUNC-RUNTIME-ONE-CONNECTION.1]). Apart from GrpcComm because dials and accepts both
 * register here, and the rule is read on its own.
 */
import type { Telemetry } from '../ports';
import type { Connection } from './connection';

export class ConnStore {
  private readonly conns = new Map<string, Connection>();

  constructor(
    private readonly selfPkiId: string,
    private readonly connTimeoutMs: number,
    private readonly telemetry: Telemetry,
  ) {}

  /** The registered connection to a PKI-ID, if any. */
  get(pkiId: string): Connection | undefined {
    return this.conns.get(pkiId);
  }

  /** Every registered connection (a copy: closing one while iterating is safe). */
  all(): Connection[] {
    return [...this.conns.values()];
  }

  /**
   * [GEN-FUNC-RUNTIME-ONE-CONNECTION.1] Whether a new connection to a PKI-ID takes the place of the
   * one registered. Fabric: an inbound one always does, and a dial that finds one registered keeps
   * it. When both ends dial each other at once, that rule makes each close the stream the other
   * kept, and peers whose timers run in step (same config, same start) can repeat it for ever; so
   * while the registered one is younger than connTimeout, both ends keep the stream dialled by the
   * smaller PKI-ID.
   */
  replaces(incoming: Connection, existing: Connection): boolean {
    const concurrent = incoming.side !== existing.side && Math.abs(incoming.openedAtMs - existing.openedAtMs) < this.connTimeoutMs;
    if (concurrent) {
      const dialledBySmaller = (c: Connection) => (c.side === 'dialer' ? this.selfPkiId < c.info.pkiId : c.info.pkiId < this.selfPkiId);
      return dialledBySmaller(incoming);
    }
    return incoming.side === 'acceptor';
  }

  register(conn: Connection): void {
    const existing = this.conns.get(conn.info.pkiId);
    this.telemetry.log('debug', `comm: register ${conn.side} ${conn.info.pkiId.slice(0, 8)} replacing ${existing === undefined ? 'none' : existing.side}`);
    this.conns.set(conn.info.pkiId, conn);
    if (existing !== undefined && existing !== conn) existing.close();
  }

  unregister(conn: Connection): void {
    this.telemetry.log('debug', `comm: close ${conn.side} ${conn.info.pkiId.slice(0, 8)} (registered: ${this.conns.get(conn.info.pkiId) === conn})`);
    if (this.conns.get(conn.info.pkiId) === conn) this.conns.delete(conn.info.pkiId);
  }
}
