import { Limits } from '@trellis/shared';
import { useId, useState, type FormEvent } from 'react';
import type { PhaseState } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { closeOnEscape } from '../../ui/dismiss';

export interface PhaseEdit {
  title: string;
  prompt: string;
  timerSeconds: number | null;
}

const MAX_MINUTES = Limits.timerSecondsMax / 60;

/**
 * Rewords a phase or changes its duration. Empty fields mean the template's wording, which every
 * screen shows in its own language; typed wording is shown as typed, to everyone.
 */
export function PhaseEditor({
  phase,
  onSave,
  onCancel,
}: {
  phase: PhaseState;
  onSave: (edit: PhaseEdit) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const id = useId();
  const [title, setTitle] = useState(phase.title ?? '');
  const [prompt, setPrompt] = useState(phase.prompt ?? '');
  const [minutes, setMinutes] = useState(
    phase.timerSeconds === null ? '' : String(Math.round((phase.timerSeconds / 60) * 10) / 10),
  );

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const m = Number.parseFloat(minutes.replace(',', '.'));
    const timerSeconds =
      minutes.trim() === '' || !Number.isFinite(m)
        ? null
        : Math.round(Math.min(Math.max(m, 0), MAX_MINUTES) * 60);
    onSave({ title: title.trim(), prompt: prompt.trim(), timerSeconds });
  };

  return (
    <form
      className="phase-editor"
      onSubmit={submit}
      onKeyDown={closeOnEscape(onCancel)}
      data-testid="phase-editor"
    >
      <p className="muted">{t('facilitate.editHint')}</p>
      <label className="field" htmlFor={`${id}-title`}>
        {t('facilitate.phaseTitle')}
      </label>
      <input
        id={`${id}-title`}
        value={title}
        maxLength={120}
        placeholder={t(phase.spec.titleKey)}
        onChange={(event) => setTitle(event.target.value)}
      />
      <label className="field" htmlFor={`${id}-prompt`}>
        {t('facilitate.phasePrompt')}
      </label>
      <textarea
        id={`${id}-prompt`}
        value={prompt}
        rows={3}
        maxLength={500}
        placeholder={t(phase.spec.promptKey)}
        onChange={(event) => setPrompt(event.target.value)}
        data-testid="phase-prompt-input"
      />
      <label className="field" htmlFor={`${id}-minutes`}>
        {t('facilitate.phaseMinutes')}
      </label>
      <input
        id={`${id}-minutes`}
        type="number"
        inputMode="decimal"
        min={0}
        max={MAX_MINUTES}
        step={0.5}
        value={minutes}
        onChange={(event) => setMinutes(event.target.value)}
        data-testid="phase-minutes-input"
      />
      <div className="control-row">
        <button type="submit" className="button primary" data-testid="phase-save">
          {t('board.save')}
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={onCancel}
          data-testid="phase-cancel"
        >
          {t('board.cancel')}
        </button>
      </div>
    </form>
  );
}
