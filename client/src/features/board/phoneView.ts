import { useMemo } from 'react';
import {
  listCards,
  leadFirst,
  listZones,
  metaOf,
  phaseFocus,
  readMeta,
  type Meta,
  type PhaseSpec,
  type WorkshopState,
} from '@trellis/shared';
import { withPending, type Pending } from '../../sync/pending';
import type { LiveBoard } from '../../sync/useLiveBoard';
import { readCopies, type Copies } from '../followup/copies';
import { arrangeBoard, pointZones, type ArrangedZone } from '../workshop/arrange';
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

/** A phase that only shows something to read (no writing, no vote). */
const reading = (spec: PhaseSpec): boolean => spec.writing === 'none' && !spec.voting;

/**
 * A phased board shows only what matters now: zones that hold cards and the zone the phase
 * writes to, the ones the phase is about first (phaseFocus: its own zone, the points being voted
 * on, in the closing the commitments). A zone that a reading phase is about (the ground rules, last time's
 * commitments) shows in the lobby and in its own phase, as on the projector. A board without
 * phases keeps every zone, empty ones included, as a map of the room.
 */
function visibleZones(
  zones: ArrangedZone[],
  workshop: WorkshopState | undefined,
  writing: Writing,
): ArrangedZone[] {
  if (!workshop || workshop.template.phases.length === 0) return zones;
  const target = writing.mode === 'none' ? workshop.phase?.spec.zone : writing.zone;
  const elsewhere = new Set(
    workshop.phase
      ? workshop.phases
          .filter((p) => p.index !== workshop.phaseIndex && reading(p.spec))
          .map((p) => p.spec.zone)
      : [],
  );
  const shown = zones.filter(
    (group) =>
      group.zone?.id === target || (group.items.length > 0 && !elsewhere.has(group.zone?.id)),
  );
  const focus = phaseFocus(workshop, pointZones(shown));
  return leadFirst(shown, (group) => group.zone?.id, {
    lead: target === undefined ? focus.lead : [target, ...focus.lead],
  });
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
