import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import * as Y from 'yjs';
import { cardsOf } from '@trellis/shared';
import { Moderation, type ModerationKind } from './moderation';

/** What one step of the console's undo takes back: a board moderation or a screening. */
export type UndoKind = ModerationKind | 'merge';

export interface UndoStep {
  kind: UndoKind;
  /** Takes the step back; a step whose cards changed meanwhile undoes what is still its own. */
  undo: () => void | Promise<unknown>;
}

export interface Undo {
  last: UndoStep | undefined;
  /** Takes back the last step. */
  undo: () => void;
  /** A step done outside the board (the screening inbox's, on the server). */
  push: (step: UndoStep) => void;
}

/**
 * Calls `onStep` with each moderation transaction of this doc's own, as a step that takes it back:
 * a Yjs UndoManager over `cards` that tracks only `Moderation` origins, one stack item per
 * transaction (no capture window). Returns how to stop.
 */
export function trackModeration(doc: Y.Doc, onStep: (step: UndoStep) => void): () => void {
  const manager = new Y.UndoManager(cardsOf(doc), {
    trackedOrigins: new Set([Moderation]),
    captureTimeout: 0,
  });
  // Steps are taken back newest first, and the inbox's steps between them never touch this
  // stack: the newest board step is always the manager's newest item.
  const added = ({ origin }: { origin: unknown }): void => {
    if (origin instanceof Moderation)
      onStep({ kind: origin.kind, undo: () => void manager.undo() });
  };
  manager.on('stack-item-added', added);
  return () => manager.destroy();
}

/** Enough for a facilitator's "oops" run; older steps fall off. */
const KEPT = 20;

/**
 * The console's undo: the facilitator's own moderation steps (board and inbox), newest first.
 * Changes other consoles, phones or the server make in between are not taken back, and a step
 * whose card someone changed since undoes only what is still its own. Each undo is one
 * transaction of its own, so one update in the log.
 */
export function useUndo(doc: Y.Doc | undefined): Undo {
  const [steps, setSteps] = useState<readonly UndoStep[]>([]);
  // The stack itself, so an undo pressed twice quickly takes back two steps, not one twice.
  const stack = useRef<readonly UndoStep[]>([]);
  const keep = useCallback((next: readonly UndoStep[]) => {
    stack.current = next;
    setSteps(next);
  }, []);
  const push = useCallback(
    (step: UndoStep) => keep([...stack.current.slice(1 - KEPT), step]),
    [keep],
  );
  useEffect(() => {
    if (!doc) return;
    const stop = trackModeration(doc, push);
    return () => {
      stop();
      keep([]);
    };
  }, [doc, push, keep]);
  const undo = useCallback(() => {
    const step = stack.current.at(-1);
    if (!step) return;
    keep(stack.current.slice(0, -1));
    void step.undo();
  }, [keep]);
  return useMemo(() => ({ last: steps.at(-1), undo, push }), [steps, undo, push]);
}
