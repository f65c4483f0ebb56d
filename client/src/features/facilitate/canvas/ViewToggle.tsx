import { useState } from 'react';
import { useT } from '../../../lib/i18n';
import './canvas.css';

export type ConsoleView = 'list' | 'canvas';

const STORAGE_KEY = 'trellis:console-view';

// Storage can throw (private mode, disabled cookies): the console then simply opens on the list.
function remembered(): ConsoleView {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'canvas' ? 'canvas' : 'list';
  } catch {
    return 'list';
  }
}

/**
 * Which board the console shows, remembered on this laptop. The list is the default: it is the
 * view that also works on a narrow window, and the one the console always had.
 */
export function useConsoleView(): [ConsoleView, (view: ConsoleView) => void] {
  const [view, setView] = useState<ConsoleView>(remembered);
  const choose = (next: ConsoleView): void => {
    setView(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; this page view still switches.
    }
  };
  return [view, choose];
}

/** Two toggle buttons, List and Canvas; the pressed one is the view on screen. */
export function ViewToggle({
  view,
  onChange,
}: {
  view: ConsoleView;
  onChange: (view: ConsoleView) => void;
}) {
  const t = useT();
  const option = (value: ConsoleView, label: string) => (
    <button
      type="button"
      className="button secondary"
      aria-pressed={view === value}
      onClick={() => onChange(value)}
      data-testid={`view-${value}`}
    >
      {label}
    </button>
  );
  return (
    <div className="view-toggle" role="group" aria-label={t('canvas.view')}>
      {option('list', t('canvas.viewList'))}
      {option('canvas', t('canvas.viewCanvas'))}
    </div>
  );
}
