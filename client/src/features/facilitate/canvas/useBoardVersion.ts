import { startTransition, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { cardsOf } from '@trellis/shared';
import { onDocChange } from '../../../sync/useBoard';
import { AT_ONCE } from './useGradualCards';

/**
 * A number that changes after every update of the doc, for the console's view of the board. The
 * room's changes, and this console's own on a board of more than AT_ONCE cards, come in a
 * transition, which React renders in slices between the browser's tasks: reading and laying out
 * 600 cards never holds the page in one task, as it did in the task that brought the change (past
 * 200 ms with the CPU slowed 4×); the board shows those a frame or two later. On a smaller board
 * this console's own writes are drawn at once, as they always were.
 */
export function useBoardVersion(doc: Y.Doc | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const bump = (): void => setVersion((v) => v + 1);
    const stop = onDocChange(doc, (tr) =>
      tr.local && cardsOf(doc).size <= AT_ONCE ? bump() : startTransition(bump),
    );
    bump();
    return stop;
  }, [doc]);
  return version;
}
