import type { Presence, Role, Signals } from '@trellis/shared';
import { useParticipantCount, useT } from '../../lib/i18n';
import { ConfirmButton } from '../../ui/ConfirmButton';

const roleKey = (role: Role) => `role.${role}` as const;

interface ParticipantListProps {
  presence: Presence | null;
  signals: Signals | null;
  disabled: boolean;
  onRemove: (memberId: string) => void;
  /** Removes whoever has this name and refuses it on joins for the rest of the session ([J13]). */
  onBlock: (name: string) => void;
}

/**
 * Who has the board open right now (from presence), with each participant's ready check, raised
 * hand and agreement (from the facilitator-only `signals.who`).
 */
export function ParticipantList({
  presence,
  signals,
  disabled,
  onRemove,
  onBlock,
}: ParticipantListProps) {
  const t = useT();
  const participants = useParticipantCount();
  const members = presence?.members ?? [];
  const who = signals?.who;
  const has = (list: readonly string[] | undefined, id: string): boolean =>
    list?.includes(id) ?? false;

  return (
    <section className="panel" aria-labelledby="members-heading">
      <h2 id="members-heading">{t('facilitate.connected')}</h2>
      <p className="muted">{participants(presence?.participants ?? 0)}</p>
      {signals && (
        <p className="signal-summary" data-testid="signal-summary">
          <span data-testid="count-ready">{t('present.ready', { count: signals.ready })}</span>
          <span data-testid="count-hands">{t('present.hands', { count: signals.hands })}</span>
          <span data-testid="count-agreed">{t('present.agreed', { count: signals.agreed })}</span>
        </p>
      )}
      {members.length === 0 ? (
        <p className="muted">{t('facilitate.nobody')}</p>
      ) : (
        <ul className="members">
          {members.map((member) => {
            const name =
              member.name || (member.role === 'participant' ? t('facilitate.unnamed') : '');
            const isParticipant = member.role === 'participant';
            return (
              <li key={member.id} className="member" data-testid="member" data-role={member.role}>
                <span className="member-name" dir="auto">
                  {name}
                </span>
                <span className="member-state">
                  {has(who?.agreed, member.id) && (
                    <span className="badge" data-testid="member-agreed">
                      {t('facilitate.status.agreed')}
                    </span>
                  )}
                  {has(who?.ready, member.id) && (
                    <span className="badge" data-testid="member-ready">
                      <span aria-hidden="true">✓ </span>
                      {t('facilitate.status.ready')}
                    </span>
                  )}
                  {has(who?.hands, member.id) && (
                    <span className="badge badge-hand" data-testid="member-hand">
                      <span aria-hidden="true">✋ </span>
                      {t('facilitate.status.hand')}
                    </span>
                  )}
                  {!isParticipant && <span className="tag">{t(roleKey(member.role))}</span>}
                </span>
                {isParticipant && (
                  <ConfirmButton
                    label={t('facilitate.remove')}
                    question={t('facilitate.removeConfirm', { name })}
                    confirmLabel={t('facilitate.removeYes')}
                    cancelLabel={t('board.cancel')}
                    disabled={disabled}
                    testId="member-remove"
                    quiet
                    onConfirm={() => onRemove(member.id)}
                  />
                )}
                {isParticipant && member.name && (
                  <ConfirmButton
                    label={t('facilitate.block')}
                    question={t('facilitate.blockConfirm', { name: member.name })}
                    confirmLabel={t('facilitate.blockYes')}
                    cancelLabel={t('board.cancel')}
                    disabled={disabled}
                    testId="member-block"
                    quiet
                    onConfirm={() => onBlock(member.name ?? '')}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
