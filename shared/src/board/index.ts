/**
 * The board's document layout (PROTOCOL.md §7), the one module that knows it: card and meta
 * fields with their schemas (fields.ts, meta.ts), readers that never trust a value's type, and
 * the writers every package uses.
 */
export * from './cards';
export * from './fields';
export * from './meta';
export * from './results';
