import { TEMPLATES, type Zone, type ZoneSeed } from '@trellis/shared';
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
