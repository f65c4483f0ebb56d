import { useId, type KeyboardEvent } from 'react';
import type { SnapshotKind } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { formatElapsed } from './format';

/** A named moment on the timeline: a phase change, or a snapshot the server took. */
export interface Marker {
  time: number;
  kind: SnapshotKind;
  label: string;
}

interface TimelineProps {
  start: number;
  end: number;
  time: number;
  markers: readonly Marker[];
  /** "12:05, 14:32:10": what a screen reader says for the current position. */
  valueText: string;
  onSeek: (time: number) => void;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * The scrubber across the session, with a tick per marker (its label as a tooltip). Time runs
 * left to right in every language, so the track, the ticks and the plot below line up.
 */
export function Timeline({ start, end, time, markers, valueText, onSeek }: TimelineProps) {
  const t = useT();
  const helpId = useId();
  const duration = Math.max(1, end - start);
  const percent = (at: number): string =>
    `${(Math.min(1, Math.max(0, (at - start) / duration)) * 100).toFixed(3)}%`;

  // Our own steps: the range's native ones would be milliseconds, useless on a long session.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const step = event.shiftKey ? 10 * SECOND : SECOND;
    const moves: Record<string, number> = {
      ArrowLeft: -step,
      ArrowDown: -step,
      ArrowRight: step,
      ArrowUp: step,
      PageDown: -MINUTE,
      PageUp: MINUTE,
    };
    const move = moves[event.key];
    if (event.key === 'Home') onSeek(start);
    else if (event.key === 'End') onSeek(end);
    else if (move !== undefined) onSeek(time + move);
    else return;
    event.preventDefault();
  };

  return (
    <div className="replay-timeline" dir="ltr">
      <div className="replay-ticks" aria-hidden="true">
        {markers.map((marker) => (
          <span
            key={`${marker.kind}:${marker.time}`}
            className="replay-tick"
            data-kind={marker.kind}
            title={`${formatElapsed(marker.time - start)} ${marker.label}`}
            style={{ left: percent(marker.time) }}
            onClick={() => onSeek(marker.time)}
          />
        ))}
      </div>
      <input
        type="range"
        className="replay-scrubber"
        data-testid="replay-scrubber"
        data-start={start}
        min={0}
        max={duration}
        step="any"
        value={time - start}
        onChange={(event) => onSeek(start + Number(event.target.value))}
        onKeyDown={onKeyDown}
        aria-label={t('history.scrubber')}
        aria-valuetext={valueText}
        aria-describedby={helpId}
      />
      <p id={helpId} className="visually-hidden">
        {t('history.scrubberHelp')}
      </p>
    </div>
  );
}

/** The same markers as a list: keyboard and screen-reader users jump to a moment from here. */
export function MarkerList({
  start,
  markers,
  current,
  onSeek,
}: {
  start: number;
  markers: readonly Marker[];
  current: number;
  onSeek: (time: number) => void;
}) {
  const t = useT();
  if (markers.length === 0) return null;
  return (
    <nav className="replay-markers" aria-label={t('history.markers')}>
      <h2>{t('history.markers')}</h2>
      <ol>
        {markers.map((marker) => (
          <li key={`${marker.kind}:${marker.time}`}>
            <button
              type="button"
              className="replay-marker"
              data-testid="replay-marker"
              data-kind={marker.kind}
              data-time={marker.time}
              aria-current={marker.time === current ? 'true' : undefined}
              onClick={() => onSeek(marker.time)}
            >
              <span className="replay-marker-time" dir="ltr">
                {formatElapsed(marker.time - start)}
              </span>
              <span dir="auto">{marker.label}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
