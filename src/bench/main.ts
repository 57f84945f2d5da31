/** `npm run bench`: every figure as one JSON line on stdout. Targets live here, never in tests. */
import { benchEmitter } from './emitter-bench';

benchEmitter();
