/**
 * One end of Fabric's comm handshake on a real stream, run by src/security's handshake chart
 * (the same reducer the simulator's transport runs): the host supplies the TLS certificate hashes
 * it saw, writes the chart's signed ConnEstablish as the first frame, decodes the remote's first
 * frame with the wire codec, and arms the chart's connTimeout as a real timer
 * ([GEN-FUNC-RUNTIME-HANDSHAKE.1]). The verdict is the chart's.
 */
import type { CryptoSuite, SigningKey } from '../../core';
import { createHandshakeReducer, type HandshakeCommand, type HandshakeOutput, type HandshakeParams, type HandshakeStart, type HandshakeState, type HandshakeTimerEvent } from '../../security';
import { decodeEnvelope, encodeEnvelope } from '../../wire';
import type { Scheduler } from '../clock';

export type SessionVerdict =
  | { readonly ok: true; readonly pkiId: string; readonly identity: string; readonly register: boolean; readonly identitySwitchFrom?: string }
  | { readonly ok: false; readonly reason: string; readonly byChart: boolean };

export interface SessionIo {
  write(frame: Uint8Array): void;
  scheduler: Scheduler;
}

/** Reducers are pure functions of (crypto, key): one per key is enough. */
const reducers = new WeakMap<SigningKey, ReturnType<typeof createHandshakeReducer>>();
function reducerFor(crypto: CryptoSuite, key: SigningKey): ReturnType<typeof createHandshakeReducer> {
  let r = reducers.get(key);
  if (r === undefined) reducers.set(key, (r = createHandshakeReducer({ crypto, key })));
  return r;
}

export class HandshakeSession {
  private state: HandshakeState;
  private readonly timers = new Map<string, { cancel(): void }>();
  private verdictValue: SessionVerdict | undefined;
  private resolveVerdict!: (v: SessionVerdict) => void;
  readonly verdict: Promise<SessionVerdict>;
  private gotFirst = false;
  private readonly reducer: ReturnType<typeof createHandshakeReducer>;

  constructor(crypto: CryptoSuite, key: SigningKey, params: HandshakeParams, private readonly io: SessionIo) {
    this.verdict = new Promise((resolve) => (this.resolveVerdict = resolve));
    this.reducer = reducerFor(crypto, key);
    const [s, out] = this.reducer.init(params);
    this.state = s;
    this.perform(out);
  }

  start(start: HandshakeStart): void {
    this.feed(start);
  }

  /** The remote's frames: the first is its ConnEstablish (or not); later ones are not the chart's. */
  receive(frame: Uint8Array): void {
    if (this.gotFirst) return;
    this.gotFirst = true;
    const decoded = decodeEnvelope(frame);
    this.feed(decoded.ok ? { type: 'CONN_ESTABLISH_RECEIVED', envelope: decoded.value } : { type: 'MALFORMED_RECEIVED', error: decoded.error.message });
  }

  /** The stream ended or broke before a verdict. */
  close(reason: string): void {
    if (this.verdictValue === undefined) this.settle({ ok: false, reason, byChart: false });
    this.feed({ type: 'CLOSE' });
    this.cancelTimers();
  }

  private feed(event: HandshakeCommand | HandshakeTimerEvent): void {
    if (this.verdictValue !== undefined && event.type !== 'CLOSE') return;
    try {
      const [s, out] = this.reducer.step(this.state, event);
      this.state = s;
      this.perform(out);
    } catch (e) {
      this.settle({ ok: false, reason: `handshake failed: ${String(e)}`, byChart: false });
    }
  }

  private settle(v: SessionVerdict): void {
    if (this.verdictValue !== undefined) return;
    this.verdictValue = v;
    this.cancelTimers();
    this.resolveVerdict(v);
  }

  private cancelTimers(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }

  private perform(outputs: readonly HandshakeOutput[]): void {
    for (const o of outputs) {
      switch (o.kind) {
        case 'sendConnEstablish': {
          const bytes = encodeEnvelope(o.envelope);
          if (bytes.ok) this.io.write(bytes.value);
          else this.settle({ ok: false, reason: `cannot encode our ConnEstablish: ${bytes.error.message}`, byChart: false });
          break;
        }
        case 'setTimer': {
          this.timers.get(o.timerId)?.cancel();
          const event = o.event;
          this.timers.set(o.timerId, this.io.scheduler.after(o.delayMs, () => {
            this.timers.delete(o.timerId);
            this.feed(event);
          }));
          break;
        }
        case 'cancelTimer':
          this.timers.get(o.timerId)?.cancel();
          this.timers.delete(o.timerId);
          break;
        case 'authenticated':
          this.settle({ ok: true, pkiId: o.pkiId, identity: o.identity, register: o.register, ...(o.identitySwitchFrom === undefined ? {} : { identitySwitchFrom: o.identitySwitchFrom }) });
          break;
        case 'refused':
          this.settle({ ok: false, reason: o.reason, byChart: true });
          break;
        case 'closed':
          if (this.verdictValue === undefined) this.settle({ ok: false, reason: 'connection closed without a verdict', byChart: false });
          break;
      }
    }
  }
}
