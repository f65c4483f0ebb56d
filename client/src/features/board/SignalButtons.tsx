import { useEffect, useState, type ReactNode } from 'react';
import type { MessageKey, MySignals, SignalInput } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { readAgreed, writeAgreed } from '../../lib/storage';
import type { WorkshopChannel } from '../../sync/workshop';
import { ackErrorKey } from '../workshop/phaseText';

interface SignalButtonsProps {
  sessionId: string;
  channel: WorkshopChannel | null;
  /** What the server holds for this member: after a reload or a dropped connection it wins. */
  mine: MySignals | null;
  /** The ground rules' big "I agree" (the phase's action), or "I'm done" and the raised hand. */
  show: 'agree' | 'status';
  disabled: boolean;
  onError: (key: MessageKey) => void;
}

/**
 * "I agree", or "I'm done" and a raised hand: toggles the facilitator sees live. The server resets
 * ready and hands at every phase change ([J10]), so the parent remounts this per phase; the
 * agreement outlives phases. After a reload the server's `signals:mine` puts all three back ([J12]).
 */
export function SignalButtons({
  sessionId,
  channel,
  mine,
  show,
  disabled,
  onError,
}: SignalButtonsProps) {
  const t = useT();
  const [agreed, setAgreed] = useState(() => readAgreed(sessionId));
  const [ready, setReady] = useState(false);
  const [hand, setHand] = useState(false);

  useEffect(() => {
    if (!mine) return;
    setReady(mine.ready);
    setHand(mine.hand);
    setAgreed(mine.agree);
    writeAgreed(sessionId, mine.agree);
  }, [mine, sessionId]);

  // Optimistic: the toggle flips at once and flips back if the server says no.
  const send = async (
    type: SignalInput['type'],
    on: boolean,
    set: (on: boolean) => void,
  ): Promise<void> => {
    if (!channel) return;
    set(on);
    const res = await channel.request('signal', { type, on });
    if (!res.ok) {
      set(!on);
      onError(ackErrorKey(res.error.code));
    }
  };

  const setAgreement = (on: boolean): void => {
    setAgreed(on);
    writeAgreed(sessionId, on);
  };

  const off = disabled || !channel;
  const toggle = (
    type: SignalInput['type'],
    on: boolean,
    set: (on: boolean) => void,
    label: ReactNode,
    className: string,
  ) => (
    <button
      type="button"
      className={`button ${className}`}
      aria-pressed={on}
      data-testid={`${type}-toggle`}
      disabled={off}
      onClick={() => void send(type, !on, set)}
    >
      {label}
    </button>
  );
  const style = (on: boolean): string => (on ? 'primary' : 'secondary');
  if (show === 'agree') {
    const label = agreed ? `✓ ${t('workshop.agreed')}` : t('workshop.agree');
    return toggle('agree', agreed, setAgreement, label, `agree-button ${agreed ? 'primary' : ''}`);
  }
  return (
    <div className="signal-row">
      {toggle(
        'ready',
        ready,
        setReady,
        ready ? `✓ ${t('workshop.ready')}` : t('workshop.ready'),
        style(ready),
      )}
      {toggle(
        'hand',
        hand,
        setHand,
        <>
          <span aria-hidden="true">✋ </span>
          {hand ? t('workshop.handDown') : t('workshop.hand')}
        </>,
        style(hand),
      )}
    </div>
  );
}
