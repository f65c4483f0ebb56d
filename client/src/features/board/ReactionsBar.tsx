import { useState } from 'react';
import { REACTIONS, type MessageKey } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import type { WorkshopChannel } from '../../sync/workshop';
import { ackErrorKey } from '../workshop/phaseText';

/** A pause between taps: reactions are applause, not a flood (the server budgets events, [L3]). */
const COOLDOWN_MS = 600;

/** A row of emoji that float up on the projector. */
export function ReactionsBar({
  channel,
  disabled,
  onError,
}: {
  channel: WorkshopChannel | null;
  disabled: boolean;
  onError: (key: MessageKey) => void;
}) {
  const t = useT();
  const [cooling, setCooling] = useState(false);

  const react = async (emoji: (typeof REACTIONS)[number]): Promise<void> => {
    if (!channel || cooling) return;
    setCooling(true);
    window.setTimeout(() => setCooling(false), COOLDOWN_MS);
    const res = await channel.request('react', { emoji });
    if (!res.ok) onError(ackErrorKey(res.error.code));
  };

  return (
    <div className="reactions-bar" role="group" aria-label={t('workshop.reactions')}>
      {REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="reaction-button"
          data-testid="reaction"
          aria-label={t('workshop.react', { emoji })}
          disabled={disabled || !channel}
          onClick={() => void react(emoji)}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}
