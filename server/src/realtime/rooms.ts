/** Socket.IO room names: everyone in a session, its facilitators, and one member's sockets. */
export const sessionRoom = (sessionId: string): string => `s:${sessionId}`;
export const facilitatorRoom = (sessionId: string): string => `f:${sessionId}`;
export const memberRoom = (memberId: string): string => `m:${memberId}`;
