import type { Presence, Role, Signals } from '@trellis/shared';
import type { Broadcaster } from '../broadcaster';
import { facilitatorChannel, sessionChannel } from './channels';
import { memberSockets, type TrellisIo } from './io';
import { Paced } from './paced';

/** Closing waits this long so the ack of the command that caused it goes out first. */
const AFTER_ACK_MS = 100;

/** Presence and signal counts of a session go out at most once per this window ([S3], [J10]). */
export const NEWS_WINDOW_MS = 500;

/**
 * Who is on the board, as a role sees it ([S3]): facilitators get every member; phones and
 * projectors only the count they show (a list of 300 names to 300 phones on every join was
 * 300 × 300 × 24 KB while a room filled up).
 */
export const presenceFor = (role: Role, presence: Presence): Presence =>
  role === 'facilitator' ? presence : { members: [], participants: presence.participants };

/** The server's news, delivered to the right Socket.IO rooms. */
export function socketBroadcaster(io: TrellisIo): Broadcaster {
  const later = (close: () => void): void => void setTimeout(close, AFTER_ACK_MS).unref();
  const facilitators = (sessionId: string) => io.to(facilitatorChannel(sessionId));
  const others = (sessionId: string) =>
    io.to(sessionChannel(sessionId)).except(facilitatorChannel(sessionId));
  const presence = new Paced<Presence>(NEWS_WINDOW_MS, (sessionId, p) => {
    others(sessionId).emit('presence', presenceFor('participant', p));
    facilitators(sessionId).emit('presence', p);
  });
  const signals = new Paced<[Signals, Signals]>(NEWS_WINDOW_MS, (sessionId, [who, counts]) => {
    others(sessionId).emit('signals', counts);
    facilitators(sessionId).emit('signals', who);
  });
  return {
    presence(sessionId, p) {
      presence.push(sessionId, p);
    },
    saved(memberId, saved) {
      for (const socket of memberSockets(io, memberId)) socket.emit('saved', saved);
    },
    signals(sessionId, forFacilitators, forOthers) {
      signals.push(sessionId, [forFacilitators, forOthers]);
    },
    reactions(sessionId, reactions) {
      io.to(sessionChannel(sessionId)).emit('reactions', reactions);
    },
    privateMine(memberId, cards) {
      for (const socket of memberSockets(io, memberId)) socket.emit('private:mine', cards);
    },
    votesMine(memberId, votes) {
      for (const socket of memberSockets(io, memberId)) socket.emit('votes:mine', votes);
    },
    signalsMine(memberId, mine) {
      for (const socket of memberSockets(io, memberId)) socket.emit('signals:mine', mine);
    },
    removed(memberId) {
      later(() => {
        for (const socket of memberSockets(io, memberId)) socket.disconnect(true);
      });
    },
    ended(sessionId) {
      // Reconnecting then fails with `gone` ([S1]).
      later(() => io.in(sessionChannel(sessionId)).disconnectSockets(true));
    },
  };
}
