import { startTransition, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { onDocChange } from '../../../sync/useBoard';

/**
 * A number that changes after every update of the doc, for the console's view of the board: at
 * once after this console's own writes, and in a transition after the room's. React renders a
 * transition in slices between the browser's tasks, so reading and laying out 600 cards after a
 * statement or a co-facilitator's grouping arrives never holds the page in one task, as it did in
 * the task that brought the change (past 200 ms with the CPU slowed 4×); the board shows those a
 * frame or two later.
 */
export function useBoardVersion(doc: Y.Doc | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const bump = (): void => setVersion((v) => v + 1);
    const stop = onDocChange(doc, (tr) => (tr.local ? bump() : startTransition(bump)));
    bump();
    return stop;
  }, [doc]);
  return version;
}
