import type { WorkshopState } from '@trellis/shared';
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
}: {
  sessionId: string;
  writing: Writing;
  workshop: WorkshopState | undefined;
  actions: ReturnType<typeof useParticipantActions>;
  /** Read-only (locked, closed) or not open yet. */
  disabled: boolean;
}) {
  if (writing.mode === 'none') return null;
  const common = {
    sessionId,
    disabled,
    anonymousByDefault: workshop?.template.anonymousByDefault ?? false,
  };
  if (writing.mode === 'private') {
    return (
      <Composer
        {...common}
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
      full={full}
      onAdd={(text, anonymous) => actions.addToBoard(writing, text, anonymous)}
    />
  );
}
