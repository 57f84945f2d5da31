/** One predicate per spec condition (spec/emitter.md). */
import type { EmitterContext } from './context';

/** [EMT-FUNC-DISABLED.1] propagateIterations = 0 disables the emitter. */
export const isDisabled = ({ context }: { context: EmitterContext }): boolean => context.params.propagateIterations === 0;

/** [EMT-FUNC-BURST-FLUSH.1] the add that brings the buffer to maxPropagationBurstSize flushes at once. */
export const reachesBurstSize = ({ context }: { context: EmitterContext }): boolean =>
  context.buffer.length + 1 >= context.params.maxPropagationBurstSize;

/** [EMT-FUNC-IDLE-NO-TIMER.1] an empty buffer needs no flush timer. */
export const isBufferEmpty = ({ context }: { context: EmitterContext }): boolean => context.buffer.length === 0;
