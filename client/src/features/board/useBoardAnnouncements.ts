import { useEffect, useRef } from 'react';
import type { Card } from '@trellis/shared';
import { usePlural, useT } from '../../lib/i18n';
import type { CardStatus } from '../../sync/outbox';
import { useAnnounce } from '../../ui/Announcer';
import type { ArrangedZone } from '../workshop/arrange';

/** New cards are counted until the board is quiet this long: a reveal is one line, not forty. */
const QUIET_MS = 1000;

/**
 * What the phone's board says to screen readers: others' cards arriving, summed up once they
 * stop arriving ("12 new cards on the board"), and this phone's own cards on their way
 * ("sending…", "saved"). Nothing is said for what the board already held when it synced.
 */
export function useBoardAnnouncements({
  zones,
  synced,
  isOwn,
  statuses,
}: {
  zones: readonly ArrangedZone[] | undefined;
  synced: boolean;
  isOwn: (card: Card) => boolean;
  /** This phone's cards (private ones too) and where each one's latest change is. */
  statuses: ReadonlyMap<string, CardStatus>;
}): void {
  const t = useT();
  const plural = usePlural();
  const say = useAnnounce();

  const seen = useRef<Set<string> | null>(null);
  const fresh = useRef(0);
  const quiet = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(quiet.current), []);
  useEffect(() => {
    if (!synced || !zones) return;
    const others = zones
      .flatMap((group) => group.items.flatMap((item) => [item.card, ...item.children]))
      .filter((card) => !isOwn(card))
      .map((card) => card.id);
    if (seen.current === null) {
      seen.current = new Set(others);
      return;
    }
    const known = seen.current;
    const added = others.filter((id) => !known.has(id));
    if (added.length === 0) return;
    added.forEach((id) => known.add(id));
    fresh.current += added.length;
    window.clearTimeout(quiet.current);
    quiet.current = window.setTimeout(() => {
      say(plural('announce.newCards', fresh.current));
      fresh.current = 0;
    }, QUIET_MS);
  }, [zones, synced, isOwn, say, plural]);

  const before = useRef<ReadonlyMap<string, CardStatus> | null>(null);
  useEffect(() => {
    if (!synced) return;
    const previous = before.current;
    before.current = statuses;
    if (previous === null) return;
    // One line per kind of change, however many cards changed together (a reconnect sends all).
    const changed = new Set<CardStatus>();
    for (const [id, status] of statuses) {
      if (previous.get(id) !== status) changed.add(status);
    }
    for (const status of (['sending', 'waiting', 'saved'] as const).filter((s) => changed.has(s))) {
      say(t(`announce.${status}`));
    }
  }, [statuses, synced, say, t]);
}
