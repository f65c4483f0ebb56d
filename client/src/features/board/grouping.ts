import { TEMPLATES, type MessageKey, type Zone } from '@trellis/shared';
import type { Translate } from '../../lib/i18n';

// Zone title keys come from templates, plus the zone the server adds to a follow-up session
// ([K2]); anything else in the doc is a free-text title or junk.
const ZONE_KEYS: ReadonlySet<string> = new Set<MessageKey>([
  ...Object.values(TEMPLATES).flatMap((template) => template.zones.map((zone) => zone.titleKey)),
  'zone.previous',
]);
const isZoneKey = (key: string): key is MessageKey => ZONE_KEYS.has(key);

export function zoneTitle(zone: Zone, t: Translate): string {
  if (zone.titleKey !== undefined && isZoneKey(zone.titleKey)) return t(zone.titleKey);
  return zone.title ?? zone.id;
}
