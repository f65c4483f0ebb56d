export * from './protocol/closeCodes';
export * from './protocol/roles';
export * from './protocol/http';
export * from './protocol/socket';
export * from './templates';
export * from './board';
export * from './i18n/index';
