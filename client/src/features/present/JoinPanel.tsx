import type { FacilitatorCommand, ProjectorQr, WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { QrCode } from './QrCode';

/**
 * The QR panel's size: large while people are still arriving (the lobby, or an open board with
 * nothing on it yet), a small corner once the workshop runs, unless the facilitator chose.
 */
export function qrSizeOf(workshop: WorkshopState | undefined, cards: number): ProjectorQr {
  if (workshop?.projectorQr) return workshop.projectorQr;
  if (!workshop || workshop.ended) return 'small';
  const arriving = workshop.phases.length > 0 ? workshop.phase === undefined : cards === 0;
  return arriving ? 'large' : 'small';
}

/** How to join: the QR, the code and the address. Large beside the stage, or small in a corner. */
export function JoinPanel({ joinCode, size }: { joinCode: string; size: ProjectorQr }) {
  const t = useT();
  const joinUrl = `${window.location.origin}/j/${encodeURIComponent(joinCode)}`;
  // In the header (a landmark already) the corner is a plain block; beside the stage, an aside.
  const Panel = size === 'large' ? 'aside' : 'div';
  return (
    <Panel
      className={`projector-join projector-join-${size}`}
      data-testid="projector-join"
      data-size={size}
    >
      <QrCode value={joinUrl} label={t('present.join', { url: joinUrl })} />
      <div className="projector-join-text">
        <p className="projector-join-label">{t('present.code')}</p>
        <p className="projector-code" data-testid="projector-code" dir="ltr">
          {joinCode}
        </p>
        <p className="projector-url">{t('present.join', { url: window.location.host })}</p>
      </div>
    </Panel>
  );
}

/** The console's choice of QR panel on the projector (`projector:qr`). */
export function QrSizeControl({
  workshop,
  disabled,
  run,
}: {
  workshop: WorkshopState;
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
}) {
  const t = useT();
  return (
    <label className="field inline-field">
      {t('present.qr.label')}
      <select
        value={workshop.projectorQr ?? 'auto'}
        data-testid="projector-qr-size"
        disabled={disabled}
        onChange={(event) => {
          const size = event.target.value;
          if (size === 'auto' || size === 'large' || size === 'small')
            void run({ type: 'projector:qr', size });
        }}
      >
        <option value="auto">{t('present.qr.auto')}</option>
        <option value="large">{t('present.qr.large')}</option>
        <option value="small">{t('present.qr.small')}</option>
      </select>
    </label>
  );
}
