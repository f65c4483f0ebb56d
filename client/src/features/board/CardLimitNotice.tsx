import { usePlural } from '../../lib/i18n';

/**
 * In place of a new card once the phone holds as many as the session takes ([G12]): friendly, and
 * saying what to do. The composer keeps its text, so nothing typed is lost.
 */
export function CardLimitNotice({ count }: { count: number }) {
  const plural = usePlural();
  return (
    <p className="card-limit" role="status" data-testid="card-limit" data-count={count}>
      {plural('board.cardLimit', count)}
    </p>
  );
}
