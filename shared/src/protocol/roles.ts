import { z } from 'zod/mini';

/** Roles a token can carry. The organiser is not a session role: it holds the instance key. */
export const Role = z.enum(['facilitator', 'participant', 'projector']);
export type Role = z.infer<typeof Role>;
