import { useEffect } from 'react';
import { useT } from '../../lib/i18n';
import { useAnnounce } from '../../ui/Announcer';
import type { Undo } from './undo';

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target.closest('input, textarea, select') !== null);

/**
 * Takes back the facilitator's last moderation step (hide, delete, group or take out of a point,
 * a screening of the inbox), named on the button; ctrl/⌘ + Z does the same outside text fields,
 * where the browser's own undo of typing stays.
 */
export function UndoButton({ undo, disabled }: { undo: Undo; disabled: boolean }) {
  const t = useT();
  const say = useAnnounce();
  const { last } = undo;
  const act = (): void => {
    undo.undo();
    say(t('facilitate.undone'));
  };
  const ready = !disabled && last !== undefined;
  useEffect(() => {
    if (!ready) return;
    const onKey = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
      if (event.key.toLowerCase() !== 'z' || isTyping(event.target)) return;
      event.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ready, undo, say, t]);
  return (
    <button
      type="button"
      className="button secondary"
      disabled={!ready}
      onClick={act}
      aria-keyshortcuts="Control+Z Meta+Z"
      data-testid="undo"
      data-kind={last?.kind}
    >
      {last ? t(`facilitate.undo.${last.kind}`) : t('facilitate.undo.nothing')}
    </button>
  );
}
