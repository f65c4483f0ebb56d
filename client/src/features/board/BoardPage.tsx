import { useEffect, useMemo, useState } from 'react';
import {
  addCard,
  deleteCard,
  listCards,
  listZones,
  newCardId,
  readMeta,
  setCardText,
} from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { readMembership, readMine, rememberMine, type Membership } from '../../lib/storage';
import { useBoard, useDocVersion, useOffline } from '../../sync/useBoard';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { BoardNotices } from './BoardNotices';
import { CardItem } from './CardItem';
import { Composer } from './Composer';
import { defaultZoneId, groupByZone, zoneTitle } from './grouping';
import { usePendingCards } from './usePendingCards';
import './board.css';

/** `/s/<sessionId>`: the participant's phone. Without a membership there is nothing to show. */
export default function BoardPage({ sessionId }: { sessionId: string }) {
  const membership = useMemo(() => readMembership(sessionId), [sessionId]);
  useEffect(() => {
    if (!membership) navigate('/', { replace: true });
  }, [membership]);
  return membership ? <ParticipantBoard sessionId={sessionId} membership={membership} /> : null;
}

function ParticipantBoard({
  sessionId,
  membership,
}: {
  sessionId: string;
  membership: Membership;
}) {
  const t = useT();
  const { participantId } = membership;
  const { board, state } = useBoard(sessionId, membership.token);
  const offline = useOffline(state);
  const version = useDocVersion(board?.doc);
  const [mine, setMine] = useState(() => readMine(sessionId));
  const pending = usePendingCards(sessionId, participantId, board, state);

  const view = useMemo(() => {
    if (!board) return undefined;
    const zones = listZones(board.doc);
    const meta = readMeta(board.doc);
    return { meta, zones, groups: groupByZone(listCards(board.doc), zones) };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version]);

  const closed = state.closeReason !== null;
  const title = view?.meta.title || state.session?.title || '';

  const add = (text: string, anonymous: boolean): void => {
    if (!board || !view) return;
    const id = newCardId();
    const zone = defaultZoneId(view.meta, view.zones);
    const createdAt = Date.now();
    // Remember first: if anything below throws, the card is still recoverable after a reload.
    rememberMine(sessionId, id);
    pending.remember({ id, text, zone, anonymous, createdAt });
    addCard(board.doc, {
      id,
      kind: 'statement',
      text,
      authorId: anonymous ? undefined : participantId,
      zone,
      createdAt,
    });
    board.markLocal(id);
    setMine((prev) => new Set(prev).add(id));
  };

  const save = (id: string, text: string): void => {
    if (!board) return;
    setCardText(board.doc, id, text);
    board.markLocal(id);
    pending.update(id, text);
  };

  const remove = (id: string): void => {
    if (!board) return;
    deleteCard(board.doc, id);
    pending.forget(id);
  };

  return (
    <div className="page board-page">
      <header className="board-header">
        <h1 data-testid="board-title" dir="auto">
          {title || t('app.name')}
        </h1>
        {membership.name && (
          <p className="muted" dir="auto">
            {membership.name}
          </p>
        )}
        <LanguagePicker />
      </header>
      <BoardNotices
        state={state}
        offline={offline}
        recovery={
          <a className="link" href="/">
            {t('board.joinAgain')}
          </a>
        }
      />
      <main className="board-zones">
        {view?.groups.map((group) => (
          <section className="zone" key={group.zone?.id ?? ''}>
            {group.zone && (
              <h2 className="zone-title" dir="auto">
                {zoneTitle(group.zone, t)}
              </h2>
            )}
            {group.cards.length === 0 ? (
              <p className="muted empty">{t('board.empty')}</p>
            ) : (
              <ul className="cards">
                {group.cards.map((card) => {
                  const isOwn = card.authorId === participantId || mine.has(card.id);
                  return (
                    <CardItem
                      key={card.id}
                      card={card}
                      readOnly={closed}
                      own={
                        isOwn
                          ? {
                              sync: board?.cardSync(card.id) ?? 'saved',
                              onSave: (text) => save(card.id, text),
                              onDelete: () => remove(card.id),
                            }
                          : undefined
                      }
                    />
                  );
                })}
              </ul>
            )}
          </section>
        ))}
      </main>
      <Composer sessionId={sessionId} disabled={closed || !board} onAdd={add} />
    </div>
  );
}
