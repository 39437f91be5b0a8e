import { decide } from './decide';
import { evolve } from './evolve';
import { initialState } from './state';

/** The tenant aggregate as one value, in the shape of Emmett's Decider. */
export const tenantDecider = { decide, evolve, initialState };
