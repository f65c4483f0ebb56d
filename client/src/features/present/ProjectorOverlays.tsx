import { useEffect, useRef, useState } from 'react';
import { useT } from '../../lib/i18n';
import type { Reaction } from '../../sync/workshop';
import './overlays.css';

/** Emoji from the phones drift up the screen and fade (the channel drops them after 4 s). */
export function FloatingReactions({ reactions }: { reactions: readonly Reaction[] }) {
  return (
    <div className="reactions-layer" aria-hidden="true">
      {reactions.map((reaction) => (
        <span
          key={reaction.id}
          className="reaction-float"
          data-testid="projector-reaction"
          // Spread across the lower screen by id, so a burst of applause does not stack up.
          style={{ insetInlineStart: `${10 + ((reaction.id * 37) % 70)}%` }}
        >
          {reaction.emoji}
        </span>
      ))}
    </div>
  );
}

const MOMENT_MS = 4000;

/**
 * "Revealed!" for a few seconds when the facilitator reveals the private cards, so the room sees
 * the moment happen. Only a change seen live counts: opening the projector later shows nothing.
 */
export function RevealedMoment({ revealedAt }: { revealedAt: number | undefined }) {
  const t = useT();
  const first = useRef(revealedAt);
  const [show, setShow] = useState(false);
  useEffect(() => {
    if (revealedAt === undefined || revealedAt === first.current) return;
    first.current = revealedAt;
    setShow(true);
    const timer = window.setTimeout(() => setShow(false), MOMENT_MS);
    return () => window.clearTimeout(timer);
  }, [revealedAt]);
  if (!show) return null;
  return (
    <p className="revealed-moment" data-testid="revealed-moment" role="status">
      {t('workshop.revealed')}
    </p>
  );
}
