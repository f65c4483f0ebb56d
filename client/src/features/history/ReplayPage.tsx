import { useDeferredValue, useMemo, useState } from 'react';
import { useLocale, useT } from '../../lib/i18n';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { Loading } from '../../ui/Loading';
import { phaseTitle } from '../workshop/phaseText';
import { ActivityPlot } from './ActivityPlot';
import { ExportBar } from './ExportBar';
import { formatClockTime, formatDateTime, formatElapsed, formatNumber } from './format';
import { failureKey, KeyPrompt, useOrganiserKey } from './KeyPrompt';
import { followLink } from './links';
import type { Speed } from './replay';
import { ReplayBoard } from './ReplayBoard';
import { StoryView } from './StoryView';
import { EraseParticipants } from './EraseParticipants';
import { MarkerList, Timeline, type Marker } from './Timeline';
import { usePlayback } from './usePlayback';
import { useReplayData, type ReplayData } from './useReplayData';
import './history.css';
import './print.css';

type Ready = Extract<ReplayData, { status: 'ready' }>;

const SPEEDS = [
  [1, 'history.speed.real'],
  [10, 'history.speed.x10'],
  [60, 'history.speed.x60'],
  ['condensed', 'history.speed.condensed'],
] as const;

/** `/history/<sessionId>?t=<ms>`: a past session replayed like a film, at any moment. */
export default function ReplayPage({ sessionId }: { sessionId: string }) {
  const t = useT();
  const { key, attempt, submit } = useOrganiserKey();
  // Bumped after an erasure, so the page reloads with the rewritten history.
  const [reloads, setReloads] = useState(0);
  const data = useReplayData(sessionId, key, attempt + reloads);
  const refused = data.status === 'failed' && data.code === 'unauthorized';
  return (
    <main className="page replay-page">
      <header className="history-top replay-nav">
        <a className="link" href="/history" onClick={followLink} data-testid="replay-back">
          {t('history.back')}
        </a>
        <LanguagePicker />
      </header>
      {!key || refused ? (
        <KeyPrompt onSubmit={submit} error={refused ? failureKey(data.code) : undefined} />
      ) : data.status === 'loading' ? (
        <Loading label={t('history.loadingLog', { count: data.loaded })} />
      ) : data.status === 'failed' ? (
        <p className="form-error" role="alert" data-testid="history-error">
          {t(failureKey(data.code))}
        </p>
      ) : (
        <Replayer
          sessionId={sessionId}
          organiserKey={key}
          data={data}
          onReload={() => setReloads((n) => n + 1)}
        />
      )}
    </main>
  );
}

function Replayer({
  sessionId,
  organiserKey,
  data,
  onReload,
}: {
  sessionId: string;
  organiserKey: string;
  data: Ready;
  onReload: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const { replay, detail, start, end } = data;
  const people = useMemo(() => {
    const joined = [...data.members.values()].filter((m) => m.role === 'participant');
    const names = new Map(
      [...data.members].flatMap(([id, m]) => (m.name ? [[id, m.name] as const] : [])),
    );
    return {
      participants: joined.length,
      named: joined.flatMap((m) => (m.name ? [m.name] : [])),
      names,
    };
  }, [data.members]);
  const playback = usePlayback(replay, start, end);
  const { time } = playback;
  // Rebuilding a moment can take tens of milliseconds on a long log: the thumb moves at once and
  // the board follows, instead of the drag stuttering.
  const shown = useDeferredValue(time);
  const frame = replay.frameAt(replay.indexAt(shown));
  // Hidden cards stay in the document, but nobody in the room saw them: the board leaves them out.
  const shownCards = frame.cards.filter((card) => !card.hidden).length;

  const markers = useMemo((): Marker[] => {
    const phases = replay.phases.map((mark): Marker => ({
      time: mark.time,
      kind: 'phase',
      label: mark.phase ? phaseTitle(mark.phase, t) : t('history.lobby'),
    }));
    // Phase snapshots repeat the phase changes found in the log (with English labels): skip them.
    const snapshots = detail.snapshots
      .filter((snap) => snap.kind !== 'phase')
      .map((snap): Marker => ({
        time: snap.time,
        kind: snap.kind,
        label:
          snap.kind === 'end'
            ? t('history.marker.end')
            : snap.kind === 'auto'
              ? t('history.marker.auto', { time: formatClockTime(locale, snap.time) })
              : snap.kind === 'reveal'
                ? t('history.marker.reveal')
                : snap.label,
      }));
    return [...phases, ...snapshots].sort((a, b) => a.time - b.time);
  }, [replay, detail, t, locale]);

  // Told again only while paused: printing pauses first, and playback stays smooth.
  const story = useMemo(
    () => (playback.playing ? undefined : replay.storyAt(frame.index, people.names)),
    [playback.playing, replay, frame.index, people],
  );

  const currentMarker = markers.filter((m) => m.time <= time).at(-1)?.time ?? -1;
  const elapsed = formatElapsed(time - start);
  const clock = formatDateTime(locale, time);
  const phase = frame.workshop.phase;
  const phased = frame.workshop.template.phases.length > 0;

  return (
    <>
      <header className="replay-heading">
        <h1 data-testid="replay-title" dir="auto">
          {frame.title || detail.session.title}
        </h1>
        {phased && (
          <p className="replay-phase" data-testid="replay-phase" dir="auto">
            {phase ? phaseTitle(phase, t) : t('history.lobby')}
          </p>
        )}
        <p className="replay-moment">
          <span data-testid="replay-elapsed" dir="ltr">
            {elapsed}
          </span>
          <span aria-hidden="true"> · </span>
          <time dateTime={new Date(time).toISOString()} data-testid="replay-clock">
            {clock}
          </time>
          <span className="replay-count" data-testid="replay-count" data-count={shownCards}>
            {' · '}
            {t('history.cardsShown', { count: formatNumber(locale, shownCards) })}
          </span>
        </p>
      </header>
      <section className="replay-controls" aria-label={t('history.controls')}>
        <div className="replay-transport">
          <button
            type="button"
            className="button primary"
            data-testid="replay-play"
            data-playing={playback.playing}
            onClick={playback.toggle}
          >
            {playback.playing ? t('history.pause') : t('history.play')}
          </button>
          <div className="replay-speeds" role="group" aria-label={t('history.speed.label')}>
            {SPEEDS.map(([speed, label]) => (
              <button
                key={speed}
                type="button"
                className="button secondary"
                data-testid={`replay-speed-${speed}`}
                aria-pressed={playback.speed === speed}
                title={speed === 'condensed' ? t('history.speed.condensedHelp') : undefined}
                onClick={() => playback.setSpeed(speed satisfies Speed)}
              >
                {t(label)}
              </button>
            ))}
          </div>
          <span className="replay-total" dir="ltr">
            {elapsed} / {formatElapsed(end - start)}
          </span>
        </div>
        <Timeline
          start={start}
          end={end}
          time={time}
          markers={markers}
          valueText={`${elapsed}, ${formatClockTime(locale, time)}`}
          onSeek={playback.seek}
        />
        <ActivityPlot
          replay={replay}
          activity={detail.activity}
          start={start}
          end={end}
          time={time}
        />
        <MarkerList
          start={start}
          markers={markers}
          current={currentMarker}
          onSeek={(at) => {
            playback.pause();
            playback.seek(at);
          }}
        />
        <ExportBar
          sessionId={sessionId}
          organiserKey={organiserKey}
          start={start}
          time={time}
          beforePrint={playback.pause}
        />
      </section>
      <ReplayBoard frame={frame} members={data.members} />
      {story && (
        <StoryView story={story} people={people} markers={markers} start={start} end={end} />
      )}
      <EraseParticipants
        sessionId={sessionId}
        organiserKey={organiserKey}
        members={data.members}
        onErased={onReload}
      />
    </>
  );
}
