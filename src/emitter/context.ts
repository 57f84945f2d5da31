import type { EmitterItem } from './inputs';
import type { EmitterParams } from './params';

export interface BufferedItem {
  readonly item: EmitterItem;
  /** Emissions still owed: starts at propagateIterations, the item is dropped at 0. */
  readonly iterationsLeft: number;
}

export interface EmitterContext {
  readonly params: EmitterParams;
  readonly buffer: readonly BufferedItem[];
}

export const initialEmitterContext = (params: EmitterParams): EmitterContext => ({ params, buffer: [] });
