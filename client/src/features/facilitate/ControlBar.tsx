import type { FacilitatorCommand, WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import type { WorkshopLive } from '../../sync/workshop';
import type { ZoneOption } from './FacilitatorCard';
import { PhaseControls } from './PhaseControls';
import { SessionControls } from './SessionControls';
import { TimerControls } from './TimerControls';
import { VotingControls } from './VotingControls';

/** The facilitator's commands: phases, timer, the session (lock, reveal, end) and the vote. */
export function ControlBar({
  workshop,
  live,
  zones,
  disabled,
  run,
}: {
  workshop: WorkshopState;
  live: WorkshopLive;
  zones: readonly ZoneOption[];
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
}) {
  const t = useT();
  const common = { workshop, disabled, run };
  return (
    <div className="control-bar" role="region" aria-label={t('facilitate.controls')}>
      {workshop.template.phases.length > 0 && <PhaseControls {...common} />}
      <TimerControls {...common} clockOffset={live.clockOffset} />
      <SessionControls {...common} signals={live.signals} zones={zones} />
      <VotingControls
        key={`${workshop.voting.perParticipant}:${workshop.voting.hideResults}`}
        {...common}
      />
    </div>
  );
}
