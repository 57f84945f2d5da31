/**
 * Which interpreter steps the statecharts: xstate's own pure transition(), or the interpreter
 * compiled from the same machine definitions (src/core/compiled), which the differential property
 * proves equal to it ([GEN-FUNC-COMPILED-EQUIVALENCE.1]) on every chart of the catalog
 * ([GEN-FUNC-COMPILED-CATALOG.1]). Every chart with a reducer compiles, whichever is chosen
 * ([GEN-FUNC-COMPILED-NO-FALLBACK.1]). The choice changes speed, never results,
 * which is why it may be a process-wide setting; states of one interpreter are converted when the
 * other is active, so switching mid-run is safe.
 */
export type InterpreterKind = 'compiled' | 'xstate';

let active: InterpreterKind = 'compiled';

export function useInterpreter(kind: InterpreterKind): void {
  active = kind;
}

export function activeInterpreter(): InterpreterKind {
  return active;
}
