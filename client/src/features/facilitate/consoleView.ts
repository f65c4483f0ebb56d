import { useMemo } from 'react';
import { listCards, listZones, readMeta, type Card, type Meta } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import type { LiveBoard } from '../../sync/useLiveBoard';
import { zoneTitle } from '../board/grouping';
import { readCopies, type Copies } from '../followup/copies';
import { arrangeBoard, synthesisPoints, type ArrangedZone } from '../workshop/arrange';
import type { PointOption, ZoneOption } from './FacilitatorCard';

/** Where synthesis points are made: their own zone when the template has one. */
const SYNTHESIS_ZONE = 'synthesis';

export interface ConsoleBoard {
  meta: Meta;
  /** Every card, hidden ones included, in creation order. */
  cards: Card[];
  /** The list view's zones; grouped statements stay in their zone too. */
  groups: ArrangedZone[];
  zones: ZoneOption[];
  points: PointOption[];
  copies: Copies;
  /** Whether the template has a zone of its own for synthesis points. */
  synthesisZone: boolean;
  /** Where a new synthesis point goes. */
  pointZone: string | undefined;
}

/** The board as the console shows it, re-read on every change of the doc. */
export function useConsoleBoard({ board, version, workshop }: LiveBoard): ConsoleBoard | undefined {
  const t = useT();
  return useMemo(() => {
    if (!board) return undefined;
    const raw = listZones(board.doc);
    const zones = raw.map((zone) => ({ id: zone.id, title: zoneTitle(zone, t) }));
    const cards = listCards(board.doc);
    const synthesisZone = zones.some((zone) => zone.id === SYNTHESIS_ZONE);
    return {
      meta: readMeta(board.doc),
      cards,
      groups: arrangeBoard(cards, raw, { includeHidden: true, nestGrouped: false }),
      zones,
      points: synthesisPoints(cards).map((card) => ({ id: card.id, text: card.text })),
      copies: readCopies(board.doc),
      synthesisZone,
      // Without a synthesis zone, points go where the room is working now.
      pointZone: synthesisZone
        ? SYNTHESIS_ZONE
        : (workshop?.phase?.spec.zone ?? workshop?.template.defaultZone ?? zones[0]?.id),
    };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version, workshop, t]);
}
