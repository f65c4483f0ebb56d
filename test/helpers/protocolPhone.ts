import { addCard, newCardId, type MyVotes } from '@trellis/shared';
import { provider, socket, type TrellisSocket } from './clients';
import { connected, ok } from './requests';
import type { TestServer } from './server';

/** What a phone's commitment form sends: what I bring, from where, to whom, first step, by when. */
export interface Commitment {
  text: string;
  authorOrg: string;
  org: string;
  step: string;
  by: string;
}

/**
 * A phone without a browser: a stock y-websocket provider for the board and a Socket.IO client
 * with the web client's options, doing what the web phone does through the same channels (so the
 * guards judge it as they judge the phone, [G10]).
 */
export interface ProtocolPhone {
  name: string | undefined;
  participantId: string;
  board: ReturnType<typeof provider>;
  control: TrellisSocket;
  /** "I agree" to the ground rules. */
  agree(): Promise<void>;
  /** A private card, held by the server until the reveal ([J6]); answers its id. */
  write(text: string, anonymous: boolean): Promise<string>;
  vote(cardId: string, delta?: 1 | -1): Promise<MyVotes>;
  /**
   * A commitment: named through the board as the phone's outbox writes it, or anonymous through
   * `anon:put` ([J14]); answers its id.
   */
  commit(commitment: Commitment, anonymous: boolean): Promise<string>;
  close(): void;
}

/** Joins by code (with a name or without), then opens the board and the control channel. */
export async function joinProtocolPhone(
  server: Pick<TestServer, 'url' | 'wsUrl' | 'join'>,
  joinCode: string,
  name?: string,
): Promise<ProtocolPhone> {
  const joined = await server.join(joinCode, name);
  const board = provider(server.wsUrl, joined.sessionId, joined.token);
  const control = socket(server.url, joined.token);
  await Promise.all([board.synced, connected(control)]);
  return {
    name,
    participantId: joined.participantId,
    board,
    control,
    agree: () => ok(control, 'signal', { type: 'agree', on: true }),
    async write(text, anonymous) {
      const id = newCardId();
      await ok(control, 'private:put', { id, kind: 'statement', text, anonymous });
      return id;
    },
    vote: (cardId, delta = 1) => ok<MyVotes>(control, 'vote', { cardId, delta }),
    async commit(commitment, anonymous) {
      const id = newCardId();
      const card = { id, kind: 'commitment' as const, ...commitment };
      // Anonymous: the server picks the zone and the time.
      if (anonymous) await ok(control, 'anon:put', card);
      else
        addCard(board.doc, {
          ...card,
          zone: 'commitments',
          authorId: joined.participantId,
          createdAt: Date.now(),
        });
      return id;
    },
    close() {
      board.provider.destroy();
      control.disconnect();
    },
  };
}
