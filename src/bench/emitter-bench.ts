/** Step rate of the emitter path, under each statechart interpreter. */
import { useInterpreter, type InterpreterKind } from '../core/interpreter';
import { emitterReducer, type EmitterEvent } from '../emitter';
import { opsPerSecond, printFigure } from './measure';

export function benchEmitter(interpreter: InterpreterKind): void {
  useInterpreter(interpreter);
  const params = { propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 10 };
  const add: EmitterEvent = { type: 'ADD', item: { message: 'm' } };
  const result = opsPerSecond(() => {
    let [state] = emitterReducer.init(params);
    for (let i = 0; i < 1000; i++) [state] = emitterReducer.step(state, add);
    return 1000;
  });
  printFigure({ bench: 'emitter.steps', value: Math.round(result.opsPerSecond), unit: 'steps/s', interpreter });
}
