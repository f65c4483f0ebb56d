import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { FacilitatorCommand, MessageKey, SnapshotView } from '@trellis/shared';
import { useLocale, useT } from '../../lib/i18n';
import type { WorkshopChannel } from '../../sync/workshop';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { formatClockTime } from '../history/format';
import { ackErrorKey } from '../workshop/phaseText';

const LABEL_MAX = 120;

interface SnapshotPanelProps {
  channel: WorkshopChannel | null;
  /** Changes whenever the phase does: phase changes take snapshots on the server. */
  phaseIndex: number | undefined;
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
}

/**
 * The session's snapshots: take one with a label, or put the board back as it was at one.
 * Refusals of take/restore show in the console's banner (through `run`); a list that cannot be
 * fetched says so here.
 */
export function SnapshotPanel({ channel, phaseIndex, disabled, run }: SnapshotPanelProps) {
  const t = useT();
  const locale = useLocale();
  const [snapshots, setSnapshots] = useState<SnapshotView[]>([]);
  const [listError, setListError] = useState<MessageKey | null>(null);
  const [asking, setAsking] = useState(false);
  const [label, setLabel] = useState('');

  const refresh = useCallback(async (): Promise<void> => {
    if (!channel) return;
    const res = await channel.request('snapshots');
    if (res.ok) {
      setSnapshots([...res.data].sort((a, b) => b.seq - a.seq));
      setListError(null);
    } else {
      setListError(ackErrorKey(res.error.code));
    }
  }, [channel]);

  useEffect(() => {
    void refresh();
  }, [refresh, phaseIndex]);

  const take = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = label.trim();
    if (trimmed === '' || disabled) return;
    if (await run({ type: 'snapshot', label: trimmed })) {
      setLabel('');
      setAsking(false);
    }
    await refresh();
  };

  const restore = async (seq: number): Promise<void> => {
    await run({ type: 'restore', seq });
    await refresh();
  };

  const shownLabel = (snap: SnapshotView): string =>
    snap.kind === 'auto'
      ? t('facilitate.snapshots.auto')
      : snap.kind === 'end'
        ? t('facilitate.snapshots.end')
        : snap.kind === 'reveal'
          ? t('history.marker.reveal')
          : snap.label;

  return (
    <section className="panel" aria-labelledby="snapshots-heading" data-testid="snapshots">
      <h2 id="snapshots-heading">{t('facilitate.snapshots.heading')}</h2>
      {asking ? (
        <form className="add-card" onSubmit={(event) => void take(event)}>
          <label className="field">
            <span>{t('facilitate.snapshots.label')}</span>
            <input
              type="text"
              value={label}
              maxLength={LABEL_MAX}
              onChange={(event) => setLabel(event.target.value)}
              disabled={disabled}
              data-testid="snapshot-label"
              autoFocus
            />
          </label>
          <span className="confirm">
            <button
              type="submit"
              className="button primary"
              disabled={disabled || label.trim() === ''}
              data-testid="snapshot-save"
            >
              {t('facilitate.snapshots.save')}
            </button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)}>
              {t('board.cancel')}
            </button>
          </span>
        </form>
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => setAsking(true)}
          disabled={disabled}
          data-testid="snapshot-take"
        >
          {t('facilitate.snapshots.take')}
        </button>
      )}
      {listError && (
        <p className="form-error" role="alert" data-testid="snapshots-error">
          {t(listError)}
        </p>
      )}
      {snapshots.length === 0 ? (
        <p className="muted">{t('facilitate.snapshots.none')}</p>
      ) : (
        <ul className="members">
          {snapshots.map((snap) => {
            const name = shownLabel(snap);
            return (
              <li
                key={snap.seq}
                className="member snapshot-row"
                data-testid="snapshot"
                data-kind={snap.kind}
              >
                <span className="member-name" dir="auto">
                  {name}
                </span>
                <span className="member-state muted">{formatClockTime(locale, snap.time)}</span>
                <ConfirmButton
                  label={t('facilitate.snapshots.restore')}
                  question={t('facilitate.snapshots.restoreConfirm', { label: name })}
                  confirmLabel={t('facilitate.snapshots.restoreYes')}
                  cancelLabel={t('board.cancel')}
                  disabled={disabled}
                  testId="snapshot-restore"
                  onConfirm={() => void restore(snap.seq)}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
