/**
 * Whole-network properties as a library (spec/check.md): generated worlds and fault schedules,
 * checked runs, the properties, fast-check's search and readable counterexamples. Pure: it builds
 * worlds and checks them; the runner (src/tools/check) owns clocks, budgets and files.
 */
export * from './world';
export * from './schedule';
export * from './run';
export * from './safety';
export * from './liveness';
export * from './properties';
export * from './check';
export * from './counterexample';
export * from './forged';
