import { useEffect, useRef } from 'react';
import type { Presence, Signals } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { useAnnounce } from '../../ui/Announcer';

/**
 * A hand going up is said aloud on the console ("Hand raised: Amira"), once per raise: a
 * facilitator who reads the console with a screen reader hears it like a sighted one sees the ✋.
 * Hands already up when the console opens are in the list, not news.
 */
export function useHandAnnouncements(signals: Signals | null, presence: Presence | null): void {
  const t = useT();
  const say = useAnnounce();
  const up = useRef<ReadonlySet<string> | null>(null);
  // Names are read when a hand goes up: presence changing alone raises no hand.
  const members = useRef(presence?.members);
  members.current = presence?.members;
  const hands = signals?.who?.hands;
  useEffect(() => {
    if (!hands) return;
    const before = up.current;
    up.current = new Set(hands);
    if (before === null) return;
    for (const id of hands) {
      if (before.has(id)) continue;
      const name = members.current?.find((m) => m.id === id)?.name;
      say(name ? t('facilitate.handRaised', { name }) : t('facilitate.handRaisedUnnamed'));
    }
  }, [hands, say, t]);
}
