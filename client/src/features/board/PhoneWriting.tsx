import type { WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { CommitmentForm } from './CommitmentForm';
import { Composer } from './Composer';
import type { useParticipantActions } from './useParticipantActions';
import type { Writing } from './writing';

/** The composer the phase asks for: a private card, a commitment, or a card for the board. */
export function PhoneWriting({
  sessionId,
  writing,
  workshop,
  actions,
  disabled,
  privateCards,
}: {
  sessionId: string;
  writing: Writing;
  workshop: WorkshopState | undefined;
  actions: ReturnType<typeof useParticipantActions>;
  /** Read-only (locked, closed) or not open yet. */
  disabled: boolean;
  /** This phone's private cards, waiting or on their way. */
  privateCards: number;
}) {
  const t = useT();
  if (writing.mode === 'none') return null;
  const common = { sessionId, disabled };
  const anonymousByDefault = workshop?.template.anonymousByDefault ?? false;
  if (writing.mode === 'private') {
    return (
      <Composer
        {...common}
        anonymousByDefault={anonymousByDefault}
        // Said before the first card; after it, each waiting card says it.
        note={privateCards > 0 ? undefined : t('workshop.private.who')}
        onAdd={(text, anonymous) => actions.addPrivate(writing, text, anonymous)}
      />
    );
  }
  // At the card cap the composer says so and sends nothing ([G12]).
  const full = actions.atLimit ? actions.ownCount : undefined;
  return writing.structured ? (
    <CommitmentForm
      {...common}
      full={full}
      onAdd={({ text, ...extra }, anonymous) => actions.addToBoard(writing, text, anonymous, extra)}
    />
  ) : (
    <Composer
      {...common}
      anonymousByDefault={anonymousByDefault}
      full={full}
      onAdd={(text, anonymous) => actions.addToBoard(writing, text, anonymous)}
    />
  );
}
