import {
  timeLeft,
  type FacilitatorCommand,
  type TimerState,
  type WorkshopState,
} from '@trellis/shared';

type TimerCommand = Extract<FacilitatorCommand, { type: `timer:${string}` }>;

/**
 * The next timer state. The server owns the clock: `endsAt` is server epoch time and screens
 * correct for their own offset (the `clock` event), so every screen reaches zero together.
 */
export function applyTimer(state: WorkshopState, cmd: TimerCommand, now: number): TimerState {
  const timer = state.timer;
  const left = timeLeft(timer, now);
  const phaseMs = (state.phase?.timerSeconds ?? 0) * 1000;
  switch (cmd.type) {
    case 'timer:start': {
      const ms = cmd.seconds !== undefined ? cmd.seconds * 1000 : left > 0 ? left : phaseMs;
      const totalMs = cmd.seconds !== undefined ? ms : Math.max(timer.totalMs, ms);
      return { state: 'running', endsAt: now + ms, remainingMs: ms, totalMs };
    }
    case 'timer:pause':
      return {
        ...timer,
        state: timer.state === 'running' ? 'paused' : timer.state,
        endsAt: null,
        remainingMs: left,
      };
    case 'timer:extend': {
      const delta = cmd.seconds * 1000;
      if (timer.state === 'running' && timer.endsAt !== null) {
        const endsAt = Math.max(now, timer.endsAt + delta);
        return {
          ...timer,
          endsAt,
          remainingMs: endsAt - now,
          totalMs: Math.max(0, timer.totalMs + delta),
        };
      }
      const remainingMs = Math.max(0, left + delta);
      return { ...timer, remainingMs, totalMs: Math.max(remainingMs, timer.totalMs + delta) };
    }
    case 'timer:reset':
      return { state: 'idle', endsAt: null, remainingMs: phaseMs, totalMs: phaseMs };
  }
}
