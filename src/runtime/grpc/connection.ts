/**
 * One authenticated gossip connection (Fabric's comm `connection`): the ConnectionInfo of the
 * remote the handshake authenticated, and a bounded send buffer in front of the gRPC stream. A
 * frame that finds the buffer full is dropped and counted as `gossip_comm_overflow_count`, as
 * Fabric's non-blocking send does ([GEN-FUNC-RUNTIME-SEND-BUFFER.1]).
 */
import type { ConnectionInfo } from '../../core';
import type { Telemetry } from '../ports';

/** What a connection writes to: a gRPC duplex stream (client or server side). */
export interface FrameSink {
  write(frame: Uint8Array): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export class Connection {
  private readonly queue: Uint8Array[] = [];
  private waitingForDrain = false;
  private closedFlag = false;
  /** When the handshake authenticated it (wall-clock ms; only compared with another connection's). */
  readonly openedAtMs = Date.now();

  constructor(
    readonly info: ConnectionInfo,
    /** 'dialer' when we opened it, 'acceptor' when the remote did. */
    readonly side: 'dialer' | 'acceptor',
    private readonly sink: FrameSink,
    private readonly sendBuffSize: number,
    private readonly telemetry: Telemetry,
    private readonly onClose: () => void,
  ) {}

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Queue a frame; false when it was dropped (buffer full, or the connection is closed). */
  enqueue(frame: Uint8Array): boolean {
    if (this.closedFlag) return false;
    if (this.queue.length >= this.sendBuffSize) {
      this.telemetry.count('gossip_comm_overflow_count');
      return false;
    }
    this.queue.push(frame);
    this.pump();
    return true;
  }

  queued(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (!this.waitingForDrain && !this.closedFlag) {
      const frame = this.queue.shift();
      if (frame === undefined) return;
      this.telemetry.count('gossip_comm_messages_sent');
      let more: boolean;
      try {
        more = this.sink.write(frame);
      } catch {
        this.close();
        return;
      }
      if (!more) {
        this.waitingForDrain = true;
        this.sink.once('drain', () => {
          this.waitingForDrain = false;
          this.pump();
        });
      }
    }
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.queue.length = 0;
    this.onClose();
  }
}
