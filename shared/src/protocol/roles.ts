import { z } from 'zod/mini';

/** Roles a token can carry. The organiser is not a session role: it holds the instance key. */
export const Role = z.enum(['facilitator', 'participant', 'projector']);
export type Role = z.infer<typeof Role>;

/** A role that may write to the board at all; finer rules live in the server's guard. */
export const canWrite = (role: Role): boolean => role !== 'projector';
