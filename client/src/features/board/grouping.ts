import { TEMPLATES, type Card, type Meta, type Zone, type ZoneSeed } from '@trellis/shared';
import type { Translate } from '../../lib/i18n';

// Zone title keys come from templates; anything else in the doc is a free-text title or junk.
const ZONE_KEYS: ReadonlySet<string> = new Set(
  Object.values(TEMPLATES).flatMap((template) => template.zones.map((zone) => zone.titleKey)),
);
const isZoneKey = (key: string): key is ZoneSeed['titleKey'] => ZONE_KEYS.has(key);

export function zoneTitle(zone: Zone, t: Translate): string {
  if (zone.titleKey !== undefined && isZoneKey(zone.titleKey)) return t(zone.titleKey);
  return zone.title ?? zone.id;
}

/** Where a participant's new card goes: the template's default zone if the board has it. */
export function defaultZoneId(meta: Meta, zones: readonly Zone[]): string | undefined {
  const template = Object.values(TEMPLATES).find((candidate) => candidate.id === meta.template);
  const preferred = template?.defaultZone;
  if (preferred !== undefined && zones.some((zone) => zone.id === preferred)) return preferred;
  return zones[0]?.id ?? preferred;
}

export interface ZoneGroup {
  /** `undefined` before the board has synced its zones. */
  zone: Zone | undefined;
  cards: Card[];
}

/**
 * Cards per zone, in zone order. A card whose zone is missing or unknown joins the first zone, so
 * every card is visible somewhere even if the facilitator deleted its zone.
 */
export function groupByZone(cards: readonly Card[], zones: readonly Zone[]): ZoneGroup[] {
  if (zones.length === 0) return [{ zone: undefined, cards: [...cards] }];
  const groups = zones.map((zone): ZoneGroup => ({ zone, cards: [] }));
  const byId = new Map(groups.map((group) => [group.zone?.id, group]));
  const fallback = groups[0];
  for (const card of cards) {
    const group = (card.zone !== undefined ? byId.get(card.zone) : undefined) ?? fallback;
    group?.cards.push(card);
  }
  return groups;
}
