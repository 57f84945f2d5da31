/** Step rate of the emitter chart alone, under each statechart interpreter (the interpreters' own ratio). */
import { useInterpreter, type InterpreterKind } from '../core/interpreter';
import { emitterReducer, type EmitterEvent } from '../emitter';
import { opsPerCpuSecond, record, round } from './measure';

function emitterSteps(interpreter: InterpreterKind): number {
  useInterpreter(interpreter);
  const params = { propagateIterations: 1, maxPropagationBurstSize: 10, maxPropagationBurstLatencyMs: 10 };
  const add: EmitterEvent = { type: 'ADD', item: { message: 'm' } };
  const result = opsPerCpuSecond(() => {
    let [state] = emitterReducer.init(params);
    for (let i = 0; i < 1000; i++) [state] = emitterReducer.step(state, add);
    return 1000;
  });
  useInterpreter('compiled');
  return result.perCpuSecond;
}

export function benchEmitter(): void {
  const xstate = emitterSteps('xstate');
  const compiled = emitterSteps('compiled');
  record({ name: 'emitter.steps', value: Math.round(compiled), unit: 'steps/CPU-s', goal: null, params: { interpreter: 'compiled' } });
  record({ name: 'emitter.steps', value: Math.round(xstate), unit: 'steps/CPU-s', goal: null, params: { interpreter: 'xstate' } });
  record({ name: 'emitter.interpreterRatio', value: round(compiled / xstate, 1), unit: 'x', goal: null, params: { chart: 'emitter' } });
}
