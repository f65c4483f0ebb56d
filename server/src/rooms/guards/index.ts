import type { Guard } from './context';
import { participantRules } from './participant';
import { clientIdsAreBound, keysAreShort, projectorIsReadOnly, resolvable } from './structure';

export type { Guard, GuardContext, Verdict } from './context';
export { decodeUpdate, MalformedUpdate, type DecodedUpdate } from './decoded';
export { Locator } from './locate';
export { newStructClients } from './structure';

/**
 * The permission seam, in order: structure first (so later guards can trust every struct
 * resolves), then identity, then role rules. Facilitators pass the role rules: they may change
 * anything in their own session ([G9]).
 */
export const defaultGuards: readonly Guard[] = [
  resolvable,
  keysAreShort,
  projectorIsReadOnly,
  clientIdsAreBound,
  participantRules,
];
