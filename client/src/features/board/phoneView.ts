import { useMemo } from 'react';
import {
  listCards,
  listZones,
  metaOf,
  readMeta,
  type Meta,
  type WorkshopState,
} from '@trellis/shared';
import { withPending, type Pending } from '../../sync/pending';
import type { LiveBoard } from '../../sync/useLiveBoard';
import { readCopies, type Copies } from '../followup/copies';
import { arrangeBoard, type ArrangedZone } from '../workshop/arrange';
import { writingFor, type Writing } from './writing';

export interface PhoneView {
  meta: Meta;
  /** How the phone writes now; nothing until the server's seed says which template this is. */
  writing: Writing;
  /** The zones to show, with this phone's pending changes laid over the board. */
  zones: ArrangedZone[];
  /** A follow-up session's copies of last time's commitments, with how each went. */
  copies: Copies;
}

/**
 * A phased board shows only what matters now: zones that hold cards and the zone the phase
 * writes to. A board without phases keeps every zone, empty ones included, as a map of the room.
 */
function visibleZones(
  zones: ArrangedZone[],
  workshop: WorkshopState | undefined,
  writing: Writing,
): ArrangedZone[] {
  if (!workshop || workshop.template.phases.length === 0) return zones;
  const target = writing.mode === 'none' ? undefined : writing.zone;
  return zones.filter((group) => group.items.length > 0 || group.zone?.id === target);
}

/** The board as the phone shows it: changes queued or on their way show as they will be. */
export function usePhoneView({ board, version, workshop }: LiveBoard, pending: Pending) {
  return useMemo((): PhoneView | undefined => {
    if (!board) return undefined;
    const meta = readMeta(board.doc);
    const zones = listZones(board.doc);
    const seeded = metaOf(board.doc).has('template');
    const writing: Writing = seeded ? writingFor(workshop, meta, zones) : { mode: 'none' };
    const arranged = arrangeBoard(withPending(listCards(board.doc), pending), zones);
    return {
      meta,
      writing,
      zones: visibleZones(arranged, workshop, writing),
      copies: readCopies(board.doc),
    };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version, workshop, pending]);
}
