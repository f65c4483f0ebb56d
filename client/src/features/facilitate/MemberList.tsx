import type { Presence, Role } from '@trellis/shared';
import { useParticipantCount, useT } from '../../lib/i18n';

const roleKey = (role: Role) => `role.${role}` as const;

/** Who has the board open right now, from the server's presence events. */
export function MemberList({ presence }: { presence: Presence | null }) {
  const t = useT();
  const participants = useParticipantCount();
  const members = presence?.members ?? [];
  return (
    <section className="panel">
      <h2>{t('facilitate.connected')}</h2>
      <p className="muted">{participants(presence?.participants ?? 0)}</p>
      {members.length === 0 ? (
        <p className="muted">{t('facilitate.nobody')}</p>
      ) : (
        <ul className="members">
          {members.map((member) => (
            <li key={member.id} className="member" data-testid="member" data-role={member.role}>
              <span className="member-name" dir="auto">
                {member.name || (member.role === 'participant' ? t('facilitate.unnamed') : '')}
              </span>{' '}
              <span className="tag">{t(roleKey(member.role))}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
