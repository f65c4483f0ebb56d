/**
 * Socket.IO room names (called channels here, so they are not confused with the board's `Room`):
 * everyone in a session and its facilitators. One member's sockets are found through its
 * MemberConnections instead (`memberSockets`): a room per member was a Set, a map entry and a
 * name per participant.
 */
export const sessionChannel = (sessionId: string): string => `s:${sessionId}`;
export const facilitatorChannel = (sessionId: string): string => `f:${sessionId}`;
