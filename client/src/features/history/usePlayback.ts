import { useCallback, useEffect, useRef, useState } from 'react';
import { advance, type Replay, type Speed } from './replay';

/** Wait this long after the last move before writing `?t=` (browsers throttle replaceState). */
const URL_DELAY_MS = 300;

/** The `?t=` of the page's address, if it is a number. */
function linkedTime(): number | undefined {
  const raw = new URLSearchParams(window.location.search).get('t');
  const value = raw === null || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

export interface Playback {
  time: number;
  playing: boolean;
  speed: Speed;
  seek(time: number): void;
  setSpeed(speed: Speed): void;
  toggle(): void;
  pause(): void;
}

/**
 * The playhead: where the replay is, whether it plays and how fast. It opens at the moment the
 * link names (`?t=`), else at the end (the finished board), and keeps the link in step.
 */
export function usePlayback(replay: Replay, start: number, end: number): Playback {
  const clamp = useCallback((t: number) => Math.min(end, Math.max(start, t)), [start, end]);
  const [time, setTime] = useState(() => clamp(linkedTime() ?? end));
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(10);
  // The animation loop reads the latest time without restarting on every frame.
  const timeRef = useRef(time);

  const seek = useCallback(
    (t: number) => {
      timeRef.current = clamp(t);
      setTime(timeRef.current);
    },
    [clamp],
  );

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function tick(now: number) {
      const next = advance(replay, timeRef.current, now - last, speed, end);
      last = now;
      timeRef.current = next;
      setTime(next);
      if (next >= end) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, replay, end]);

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const url = new URL(window.location.href);
      url.searchParams.set('t', String(Math.round(time)));
      window.history.replaceState(window.history.state, '', url);
    }, URL_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [time]);

  const toggle = useCallback(() => {
    if (!playing && timeRef.current >= end) seek(start);
    setPlaying(!playing);
  }, [playing, end, start, seek]);

  const pause = useCallback(() => setPlaying(false), []);

  return { time, playing, speed, seek, setSpeed, toggle, pause };
}
