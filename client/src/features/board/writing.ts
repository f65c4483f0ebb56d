import {
  phoneWriting,
  type CardKind,
  type Meta,
  type WorkshopState,
  type Zone,
} from '@trellis/shared';

/** How a phone writes right now: into the shared board, privately to the server, or not at all. */
export type Writing =
  | { mode: 'none' }
  | {
      mode: 'open' | 'private';
      kind: CardKind;
      zone: string | undefined;
      /** The closing commitment: a form with organisation, first step and date. */
      structured: boolean;
    };

/**
 * shared's `phoneWriting` is the rule the server's guards check ([J2]), so the phone never offers
 * a card the server would refuse. Boards without phases take statements at any time, in the
 * default zone or, when the facilitator removed it, the first zone.
 */
export function writingFor(
  workshop: WorkshopState | undefined,
  _meta: Meta,
  zones: readonly Zone[],
): Writing {
  if (!workshop) return { mode: 'none' };
  const now = phoneWriting(workshop);
  if (now.mode === 'none') return { mode: 'none' };
  const open = workshop.template.phases.length === 0;
  const kind = open ? 'statement' : now.kinds[0];
  if (kind === undefined) return { mode: 'none' };
  // Without phases a card may go to any zone the board has ([G5]): the default, or the first.
  const zone =
    open && !zones.some((z) => z.id === now.zone) ? (zones[0]?.id ?? now.zone) : now.zone;
  return { mode: now.mode, kind, zone, structured: kind === 'commitment' };
}
