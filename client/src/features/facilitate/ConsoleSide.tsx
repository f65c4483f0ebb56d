import type { FacilitatorCommand, WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import type { BoardState } from '../../sync/connectBoard';
import type { WorkshopChannel, WorkshopLive } from '../../sync/workshop';
import { AddCardForm } from './AddCardForm';
import { ParticipantList } from './ParticipantList';
import { SnapshotPanel } from './SnapshotPanel';

/** Beside the board: who is here, the snapshots, and (without a synthesis zone) new points. */
export function ConsoleSide({
  state,
  live,
  channel,
  workshop,
  disabled,
  run,
  onNewPoint,
}: {
  state: BoardState;
  live: WorkshopLive;
  channel: WorkshopChannel | null;
  workshop: WorkshopState | undefined;
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
  /** Present when synthesis points have no zone of their own on the board. */
  onNewPoint: ((text: string) => void) | undefined;
}) {
  const t = useT();
  return (
    <aside className="console-side">
      <ParticipantList
        presence={state.presence}
        signals={live.signals}
        disabled={disabled}
        onRemove={(memberId) => void run({ type: 'participant:remove', memberId })}
        onBlock={(name) => void run({ type: 'participant:block', name })}
      />
      {state.synced && (
        <SnapshotPanel
          channel={channel}
          phaseIndex={workshop?.phase?.index}
          disabled={disabled}
          run={run}
        />
      )}
      {onNewPoint && (
        <section className="panel" aria-labelledby="point-heading">
          <h2 id="point-heading">{t('facilitate.newPoint')}</h2>
          <AddCardForm
            label={t('facilitate.createPoint')}
            testId="create-point"
            disabled={disabled}
            onAdd={onNewPoint}
          />
        </section>
      )}
    </aside>
  );
}
