import {
  TEMPLATES,
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

/** Where a participant's new card goes: the template's default zone if the board has it. */
export function defaultZoneId(meta: Meta, zones: readonly Zone[]): string | undefined {
  const template = Object.values(TEMPLATES).find((candidate) => candidate.id === meta.template);
  const preferred = template?.defaultZone;
  if (preferred !== undefined && zones.some((zone) => zone.id === preferred)) return preferred;
  return zones[0]?.id ?? preferred;
}

/**
 * Read from the same template data the server's guards use ([J2]), so the phone never offers a
 * card the server would refuse. Boards without phases take statements at any time.
 */
export function writingFor(
  workshop: WorkshopState | undefined,
  meta: Meta,
  zones: readonly Zone[],
): Writing {
  if (!workshop) return { mode: 'none' };
  if (workshop.template.phases.length === 0) {
    return {
      mode: 'open',
      kind: 'statement',
      zone: defaultZoneId(meta, zones),
      structured: false,
    };
  }
  const spec = workshop.phase?.spec;
  const kind = spec?.kinds[0];
  if (!spec || spec.writing === 'none' || kind === undefined) return { mode: 'none' };
  return {
    mode: spec.writing,
    kind,
    zone: spec.zone ?? workshop.template.defaultZone,
    structured: kind === 'commitment',
  };
}
