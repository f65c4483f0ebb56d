/**
 * Socket.IO room names (called channels here, so they are not confused with the board's `Room`):
 * everyone in a session, its facilitators, and one member's sockets.
 */
export const sessionChannel = (sessionId: string): string => `s:${sessionId}`;
export const facilitatorChannel = (sessionId: string): string => `f:${sessionId}`;
export const memberChannel = (memberId: string): string => `m:${memberId}`;
