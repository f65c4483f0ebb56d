import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { MessageKey } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { downloadFile } from './api';
import { formatElapsed } from './format';
import { failureKey } from './KeyPrompt';
import { historyPath } from './useReplayData';

const EXPORTS = [
  { id: 'md', path: 'export.md', name: 'story', ext: 'md', label: 'history.export.md' },
  { id: 'json', path: 'export.json', name: 'session', ext: 'json', label: 'history.export.json' },
  {
    id: 'csv',
    path: 'commitments.csv',
    name: 'commitments',
    ext: 'csv',
    label: 'history.export.csv',
  },
] as const satisfies readonly {
  id: string;
  path: string;
  name: string;
  ext: string;
  label: MessageKey;
}[];

interface ExportBarProps {
  sessionId: string;
  organiserKey: string;
  start: number;
  time: number;
  /** Stop playback first, so the printout is the moment on screen. */
  beforePrint: () => void;
}

/** The story's clock times in the organiser's own time zone, not the server's. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Exports of the board as it is at the replayed moment, and a clean printout of it. */
export function ExportBar({ sessionId, organiserKey, start, time, beforePrint }: ExportBarProps) {
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const section = useRef<HTMLElement>(null);
  // The console's "export" link after the end (`#exports`): the page renders this late.
  useEffect(() => {
    if (window.location.hash === '#exports') section.current?.scrollIntoView();
  }, []);
  const at = Math.round(time);
  // The elapsed time in the file name tells several exports of one session apart.
  const stamp = formatElapsed(time - start).replace(/:/g, '-');

  const download = async (item: (typeof EXPORTS)[number]): Promise<void> => {
    setBusy(item.id);
    setError(null);
    const res = await downloadFile(
      `${historyPath(sessionId)}/${item.path}?t=${at}${item.id === 'md' ? `&tz=${encodeURIComponent(timeZone)}` : ''}`,
      organiserKey,
      `trellis-${item.name}-${stamp}.${item.ext}`,
    );
    setBusy(null);
    if (!res.ok) setError(res.code === 'network' ? failureKey(res.code) : 'history.export.failed');
  };

  return (
    <section
      ref={section}
      id="exports"
      className="replay-exports"
      aria-labelledby="replay-exports-heading"
    >
      <h2 id="replay-exports-heading">{t('history.export.heading')}</h2>
      <div className="replay-export-buttons">
        {EXPORTS.map((item) => (
          <button
            key={item.id}
            type="button"
            className="button secondary"
            data-testid={`replay-export-${item.id}`}
            disabled={busy !== null}
            onClick={() => void download(item)}
          >
            {t(item.label)}
          </button>
        ))}
        <button
          type="button"
          className="button secondary"
          data-testid="replay-print"
          onClick={() => {
            // Render the paused moment before the print dialog freezes the page.
            flushSync(beforePrint);
            window.print();
          }}
        >
          {t('history.export.print')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="replay-export-error">
          {t(error)}
        </p>
      )}
    </section>
  );
}
