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
