import type { ReactNode } from 'react';
import {
  formatElapsed,
  timelineOf,
  type Moment,
  type Story,
  type StoryCard,
  type StoryPoint,
} from '@trellis/shared';
import { useLocale, usePlural, useT } from '../../lib/i18n';
import { zoneTitle } from '../board/grouping';
import { CopyStatusBadge } from '../followup/CopyStatus';
import { CommitmentDetails } from '../workshop/CommitmentDetails';
import { phasePrompt, phaseTitle } from '../workshop/phaseText';
import { formatClockTime, formatDuration } from './format';
import type { Marker } from './Timeline';

interface StoryViewProps {
  story: Story;
  /** Who joined from a phone, and the names of those who gave one. */
  people: { participants: number; named: readonly string[] };
  markers: readonly Marker[];
  start: number;
  end: number;
}

/**
 * The session as a story, for Print / Save as PDF: the same model as the Markdown export
 * (shared/src/story.ts), in the reader's language. Only shown in print (print.css).
 */
export function StoryView({ story, people, markers, start, end }: StoryViewProps) {
  const t = useT();
  const plural = usePlural();
  const locale = useLocale();
  const votes = (n: number): string => (n > 0 ? ` (${plural('workshop.votes', n)})` : '');
  const moments: Moment[] = [
    // Phases, the facilitator's snapshots and the end; the reveal from the board itself.
    ...markers.flatMap((m): Moment[] =>
      m.kind === 'phase' || m.kind === 'end'
        ? [{ time: m.time, kind: m.kind, label: m.label }]
        : m.kind === 'manual'
          ? [{ time: m.time, kind: 'moment', label: m.label }]
          : [],
    ),
    ...(story.revealedAt !== undefined
      ? [{ time: story.revealedAt, kind: 'moment' as const, label: t('history.story.reveal') }]
      : []),
  ];
  const said = story.said.length > 0;
  return (
    <section className="replay-story" data-testid="replay-story" aria-labelledby="story-heading">
      <h2 id="story-heading">{t('history.story.heading')}</h2>
      <p data-testid="story-people">
        {t('history.story.participants', { count: people.participants })}
        {people.named.length > 0 &&
          ` · ${t('history.story.named', { names: people.named.join(', ') })}`}
      </p>
      <p>
        {t('history.story.counts', {
          statements: story.statementCount,
          points: story.points.length,
          commitments: story.commitments.length,
          votes: story.votes,
        })}
      </p>
      {story.asked.length > 0 && (
        <Part title={t('history.story.asked')}>
          {story.asked.map((phase) => (
            <li key={phase.index} dir="auto">
              <strong>{phaseTitle(phase, t)}</strong>: {phasePrompt(phase, t)}
            </li>
          ))}
        </Part>
      )}
      {story.rules.length > 0 && (
        <Part title={t('zone.groundRules')}>{story.rules.map((c) => told(c, votes))}</Part>
      )}
      {(said || story.points.length > 0) && (
        <section>
          <h3>{t('history.story.said')}</h3>
          {story.revealedAt !== undefined && (
            <p>
              {t('history.story.revealed', { time: formatClockTime(locale, story.revealedAt) })}
            </p>
          )}
          {story.said.map((section) => (
            <Part
              key={section.zone?.id ?? ''}
              title={section.zone && zoneTitle(section.zone, t)}
              level={4}
            >
              {section.cards.map((c) => told(c, votes))}
            </Part>
          ))}
        </section>
      )}
      {story.points.length > 0 && (
        <Part title={t('zone.synthesis')} ordered>
          {story.points.map((point) => pointOf(point, votes))}
        </Part>
      )}
      {story.commitments.length > 0 && (
        <Part title={t('zone.commitments')}>{story.commitments.map((c) => told(c, votes))}</Part>
      )}
      {story.previous.length > 0 && (
        <Part title={t('zone.previous')}>
          {story.previous.map((c) =>
            told(
              c,
              votes,
              <CopyStatusBadge copy={{ status: c.status, note: c.note, from: c.card.id }} />,
            ),
          )}
        </Part>
      )}
      <Part title={t('history.story.timeline')}>
        {timelineOf(moments, start, end).map((row) => (
          <li key={`${row.time}-${row.label}`} data-testid="story-moment">
            <time dateTime={new Date(row.time).toISOString()}>
              {formatClockTime(locale, row.time)}
            </time>{' '}
            <span dir="ltr">({formatElapsed(row.elapsed)})</span>{' '}
            <span dir="auto">{row.label}</span>
            {row.lasted !== undefined &&
              row.lasted >= 1000 &&
              `, ${formatDuration(locale, row.lasted)}`}
          </li>
        ))}
      </Part>
    </section>
  );
}

function Part({
  title,
  children,
  level = 3,
  ordered = false,
}: {
  title: string | undefined;
  children: ReactNode;
  level?: 3 | 4;
  ordered?: boolean;
}) {
  const Heading = level === 3 ? 'h3' : 'h4';
  const List = ordered ? 'ol' : 'ul';
  return (
    <section>
      {title && <Heading dir="auto">{title}</Heading>}
      <List>{children}</List>
    </section>
  );
}

function told(c: StoryCard, votes: (n: number) => string, after?: ReactNode) {
  return (
    <li key={c.card.id} data-card-id={c.card.id}>
      <span dir="auto">{c.card.text}</span>
      {votes(c.votes)}
      {c.author && (
        <>
          {' — '}
          <span dir="auto">{c.author}</span>
        </>
      )}
      {c.card.kind === 'commitment' && <CommitmentDetails card={c.card} />}
      {after}
    </li>
  );
}

function pointOf(point: StoryPoint, votes: (n: number) => string) {
  return (
    <li key={point.card.id} data-card-id={point.card.id}>
      <strong dir="auto">{point.card.text}</strong>
      {votes(point.votes)}
      {point.statements.length > 0 && <ul>{point.statements.map((c) => told(c, votes))}</ul>}
    </li>
  );
}
