export { createApp, type AppDeps, type TrellisApp } from './app';
export { loadConfig, testConfig, type Config } from './config';
export { openSqliteStorage } from './storage/sqlite';
export type { Storage } from './storage/types';
export { createLogger, type Logger } from './log';
