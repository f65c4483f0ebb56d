import { useMemo } from 'react';
import { useT } from '../../lib/i18n';
import type { Replay } from './replay';
import type { ActivityMinute } from '@trellis/shared';

const WIDTH = 1000;
const HEIGHT = 64;
/** Points on the cards line: enough for a smooth curve, few enough for any log length. */
const SAMPLES = 240;

interface PlotProps {
  replay: Replay;
  activity: readonly ActivityMinute[];
  start: number;
  end: number;
  time: number;
}

/**
 * Activity under the scrubber, on the same time axis: cards on the board (from the local replay)
 * as a line, people who changed something each minute (from the server's timeline) as bars.
 */
export function ActivityPlot({ replay, activity, start, end, time }: PlotProps) {
  const t = useT();
  const duration = Math.max(1, end - start);
  const x = (at: number): number => Math.min(1, Math.max(0, (at - start) / duration)) * WIDTH;

  const plot = useMemo(() => {
    const counts = Array.from({ length: SAMPLES + 1 }, (_, i) => {
      const index = replay.indexAt(start + (i / SAMPLES) * duration);
      return index < 0 ? 0 : (replay.cardCounts[index] ?? 0);
    });
    const maxCards = Math.max(1, ...counts);
    const maxPeople = Math.max(1, ...activity.map((m) => m.members));
    const line = counts
      .map(
        (n, i) =>
          `${((i / SAMPLES) * WIDTH).toFixed(1)},${(HEIGHT - (n / maxCards) * (HEIGHT - 4)).toFixed(1)}`,
      )
      .join(' ');
    const bars = activity.map((m) => {
      const left = Math.min(1, Math.max(0, (m.minute - start) / duration)) * WIDTH;
      const right = Math.min(1, Math.max(0, (m.minute + 60_000 - start) / duration)) * WIDTH;
      const height = (m.members / maxPeople) * (HEIGHT - 4);
      return {
        key: m.minute,
        x: left,
        width: Math.max(1, right - left),
        y: HEIGHT - height,
        height,
      };
    });
    return {
      line,
      bars,
      maxCards: Math.max(...counts, 0),
      maxPeople: Math.max(0, ...activity.map((m) => m.members)),
    };
  }, [replay, activity, start, duration]);

  return (
    <figure className="replay-plot" dir="ltr">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('history.plot.label', { cards: plot.maxCards, people: plot.maxPeople })}
        data-testid="replay-plot"
      >
        {plot.bars.map((bar) => (
          <rect
            key={bar.key}
            className="replay-plot-people"
            x={bar.x}
            y={bar.y}
            width={bar.width}
            height={bar.height}
          />
        ))}
        <polyline className="replay-plot-cards" points={plot.line} />
        <line className="replay-plot-now" x1={x(time)} x2={x(time)} y1={0} y2={HEIGHT} />
      </svg>
      <figcaption className="replay-plot-legend">
        <span className="replay-legend-cards">
          {t('history.plot.cards', { count: plot.maxCards })}
        </span>
        <span className="replay-legend-people">
          {t('history.plot.people', { count: plot.maxPeople })}
        </span>
      </figcaption>
    </figure>
  );
}
