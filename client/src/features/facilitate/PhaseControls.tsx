import { useRef, useState } from 'react';
import type { FacilitatorCommand, WorkshopState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { phaseTitle } from '../workshop/phaseText';
import { PhaseEditor } from './PhaseEditor';

interface PhaseControlsProps {
  workshop: WorkshopState;
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
}

/** The workshop's running order: jump to any phase, step back and forth, reword a phase. */
export function PhaseControls({ workshop, disabled, run }: PhaseControlsProps) {
  const t = useT();
  const [editing, setEditing] = useState<number | null>(null);
  const editButtons = useRef(new Map<number, HTMLButtonElement>());
  const { phases, phaseIndex } = workshop;
  // Cancel, Save or Escape: the editor goes, and the focus back to the phase's Edit button.
  const close = (): void => {
    const button = editing === null ? undefined : editButtons.current.get(editing);
    setEditing(null);
    button?.focus();
  };
  const go = (index: number): void => {
    setEditing(null);
    void run({ type: 'phase:go', index });
  };
  const edited = editing === null ? undefined : phases[editing];

  return (
    <section className="control-group phase-controls" aria-labelledby="phases-heading">
      <h2 id="phases-heading">{t('facilitate.phases')}</h2>
      <ol className="phase-list">
        <li>
          <button
            type="button"
            className="button phase-item"
            aria-current={phaseIndex === -1 ? 'step' : undefined}
            data-testid="phase-item"
            data-index={-1}
            disabled={disabled}
            onClick={() => go(-1)}
          >
            {t('facilitate.lobby')}
          </button>
        </li>
        {phases.map((phase) => {
          const title = phaseTitle(phase, t);
          return (
            <li key={phase.spec.id}>
              <button
                type="button"
                className="button phase-item"
                aria-current={phase.index === phaseIndex ? 'step' : undefined}
                data-testid="phase-item"
                data-index={phase.index}
                disabled={disabled}
                onClick={() => go(phase.index)}
              >
                <span dir="auto">{`${phase.index + 1}. ${title}`}</span>
              </button>
              <button
                type="button"
                className="button secondary phase-edit"
                aria-label={t('facilitate.editPhase', { phase: title })}
                aria-expanded={editing === phase.index}
                data-testid="phase-edit"
                data-index={phase.index}
                ref={(el) => {
                  if (el) editButtons.current.set(phase.index, el);
                  else editButtons.current.delete(phase.index);
                }}
                disabled={disabled}
                onClick={() => setEditing(editing === phase.index ? null : phase.index)}
              >
                {t('board.edit')}
              </button>
            </li>
          );
        })}
      </ol>
      <div className="control-row">
        <button
          type="button"
          className="button secondary"
          data-testid="phase-prev"
          disabled={disabled || phaseIndex <= -1}
          onClick={() => go(phaseIndex - 1)}
        >
          {t('facilitate.prev')}
        </button>
        <button
          type="button"
          className="button primary"
          data-testid="phase-next"
          disabled={disabled || phaseIndex >= phases.length - 1}
          onClick={() => go(phaseIndex + 1)}
        >
          {t('facilitate.next')}
        </button>
      </div>
      {edited && (
        <PhaseEditor
          key={edited.index}
          phase={edited}
          onCancel={close}
          onSave={async (edit) => {
            const ok = await run({ type: 'phase:edit', index: edited.index, ...edit });
            // A new duration for the phase in progress reaches its (not yet started) timer.
            const idle = workshop.timer.state === 'idle';
            if (ok && edited.index === phaseIndex && idle) await run({ type: 'timer:reset' });
            if (ok) close();
          }}
        />
      )}
    </section>
  );
}
