export { createApp, type AppDeps, type TrellisApp } from './app';
export { loadConfig, testConfig, type Config } from './config';
export { openSqliteStorage } from './storage/sqlite';
export { openPostgresStorage, type PostgresStorage } from './storage/postgres/index';
export { openPostgresDeps, type PostgresDeps } from './storage/postgres/backend';
export type {
  ClientBinding,
  LogEntry,
  NewMember,
  SessionExtras,
  SessionRecord,
  Storage,
  TableWrite,
} from './storage/types';
export type { PrivateCard, PrivatePutRefusal } from './storage/workshopTypes';
export { ERASED_MEMBER } from './storage/pseudoMembers';
export { createLogger, type Logger } from './log';
export { LeaseFleet } from './fleet/leases';
export { NotOwner, type Fleet } from './fleet/types';
