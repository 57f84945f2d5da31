/** Step rate of the emitter path: xstate's pure transition() through machineReducer. */
import { emitterReducer, type EmitterEvent } from '../emitter';
import { opsPerSecond, printFigure } from './measure';

export function benchEmitter(): void {
  const params = { propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 10 };
  const add: EmitterEvent = { type: 'ADD', item: { message: 'm' } };
  const result = opsPerSecond(() => {
    let [state] = emitterReducer.init(params);
    let steps = 0;
    for (let i = 0; i < 1000; i++) {
      [state] = emitterReducer.step(state, add);
      steps++;
    }
    return steps;
  });
  printFigure({ bench: 'emitter.steps', value: Math.round(result.opsPerSecond), unit: 'steps/s', interpreter: 'xstate.transition' });
}
