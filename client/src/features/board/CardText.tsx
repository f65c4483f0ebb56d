import { Limits } from '@trellis/shared';
import { useT } from '../../lib/i18n';

/**
 * A card's words, or the box to rewrite them while `draft` is not null. `dir="auto"` lets each
 * card read in its own script's direction, whatever the screen's language.
 */
export function CardText({
  text,
  draft,
  onDraft,
}: {
  text: string;
  draft: string | null;
  onDraft: (draft: string) => void;
}) {
  const t = useT();
  return draft !== null ? (
    <textarea
      className="card-edit"
      value={draft}
      maxLength={Limits.cardTextMax}
      onChange={(event) => onDraft(event.target.value)}
      aria-label={t('board.edit')}
      autoFocus
    />
  ) : (
    <p className="card-text" data-testid="card-text" dir="auto">
      {text}
    </p>
  );
}
