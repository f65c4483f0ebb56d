import type { LogLevel } from './config';

/**
 * One JSON line per event, so logs can be grepped and shipped. Callers pass fields, never raw
 * URLs or headers: tokens travel in both and must not reach a log.
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export function createLogger(level: LogLevel, write: (line: string) => void = console.log): Logger {
  const at =
    (l: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (order[l] < order[level]) return;
      write(JSON.stringify({ t: new Date().toISOString(), level: l, msg, ...fields }));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A logger for one connection that writes the first line of each message and only counts the
 * repeats, reporting the count once at `done()`: a flood of over-budget messages must not turn
 * into a flood of log lines.
 */
export interface CauseLog {
  warn(msg: string, fields?: Record<string, unknown>): void;
  done(): void;
}

export function oncePerCause(log: Logger, context: Record<string, unknown>): CauseLog {
  const repeats = new Map<string, number>();
  return {
    warn(msg, fields) {
      const seen = repeats.get(msg);
      if (seen === undefined) log.warn(msg, { ...context, ...fields });
      repeats.set(msg, (seen ?? -1) + 1);
    },
    done() {
      for (const [msg, repeated] of repeats) {
        if (repeated > 0) log.warn(msg, { ...context, repeated });
      }
      repeats.clear();
    },
  };
}
