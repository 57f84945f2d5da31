/** Local safety predicates, keyed by requirement id; each returns a violation message or undefined. */
import type { EmitterState } from './step';

export const emitterInvariants: Readonly<Record<string, (s: EmitterState) => string | undefined>> = {
  /** [EMT-SAFE-BOUNDED-ITERATIONS.1] */
  'EMT-SAFE-BOUNDED-ITERATIONS.1': (s) => {
    const bad = s.context.buffer.find((b) => b.iterationsLeft < 1 || b.iterationsLeft > s.context.params.propagateIterations);
    return bad ? `buffered item owes ${bad.iterationsLeft} emissions` : undefined;
  },
  /** [EMT-FUNC-IDLE-NO-TIMER.1] the buffer is empty exactly when the chart is not buffering. */
  'EMT-FUNC-IDLE-NO-TIMER.1': (s) => {
    const buffering = s.value === 'buffering';
    const empty = s.context.buffer.length === 0;
    if (s.value === 'stopped') return undefined;
    return buffering === empty ? `state ${JSON.stringify(s.value)} with ${s.context.buffer.length} buffered` : undefined;
  },
};
