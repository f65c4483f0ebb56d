import type { Card } from '@trellis/shared';
import { KeepCopy } from './KeepCopy';

/**
 * The ended screen's one action: a private link to each of this phone's commitments, still
 * possible after the end while the session's data is kept ([K1]), for the phone that did not keep
 * one during the meeting.
 */
export function EndedKeep({
  sessionId,
  memberToken,
  commitments,
}: {
  sessionId: string;
  memberToken: string;
  /** This phone's commitments that the server holds. */
  commitments: readonly Card[];
}) {
  if (commitments.length === 0) return null;
  return (
    <ul className="cards ended-keep">
      {commitments.map((card) => (
        <li key={card.id} className="card card-own" data-testid="ended-commitment">
          <p className="card-text" data-testid="card-text" dir="auto">
            {card.text}
          </p>
          <KeepCopy
            sessionId={sessionId}
            cardId={card.id}
            memberToken={memberToken}
            label="workshop.keep.ended"
          />
        </li>
      ))}
    </ul>
  );
}
