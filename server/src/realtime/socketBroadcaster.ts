import type { Broadcaster } from '../broadcaster';
import { facilitatorChannel, memberChannel, sessionChannel } from './channels';
import type { TrellisIo } from './io';

/** Closing waits this long so the ack of the command that caused it goes out first. */
const AFTER_ACK_MS = 100;

/** The server's news, delivered to the right Socket.IO rooms. */
export function socketBroadcaster(io: TrellisIo): Broadcaster {
  const later = (close: () => void): void => void setTimeout(close, AFTER_ACK_MS).unref();
  return {
    presence(sessionId, presence) {
      io.to(sessionChannel(sessionId)).emit('presence', presence);
    },
    saved(memberId, saved) {
      io.to(memberChannel(memberId)).emit('saved', saved);
    },
    signals(sessionId, forFacilitators, forOthers) {
      const facilitators = facilitatorChannel(sessionId);
      io.to(sessionChannel(sessionId)).except(facilitators).emit('signals', forOthers);
      io.to(facilitators).emit('signals', forFacilitators);
    },
    reactions(sessionId, reactions) {
      io.to(sessionChannel(sessionId)).emit('reactions', reactions);
    },
    privateMine(memberId, cards) {
      io.to(memberChannel(memberId)).emit('private:mine', cards);
    },
    votesMine(memberId, votes) {
      io.to(memberChannel(memberId)).emit('votes:mine', votes);
    },
    signalsMine(memberId, mine) {
      io.to(memberChannel(memberId)).emit('signals:mine', mine);
    },
    removed(memberId) {
      later(() => io.in(memberChannel(memberId)).disconnectSockets(true));
    },
    ended(sessionId) {
      // Reconnecting then fails with `gone` ([S1]).
      later(() => io.in(sessionChannel(sessionId)).disconnectSockets(true));
    },
  };
}
