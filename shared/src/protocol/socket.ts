import { z } from 'zod/mini';
import { Role } from './roles';
import { Limits, type ErrorCode, type KeptLink } from './http';
import type {
  AnonCardInput,
  CardRef,
  CommitmentRef,
  FacilitatorCommand,
  InboxCard,
  MyVotes,
  MySignals,
  PrivateCardInput,
  PrivateCardView,
  PrivateScreen,
  ReactionInput,
  Reactions,
  Signals,
  SignalInput,
  SnapshotView,
  VoteInput,
} from './workshop';

/**
 * Socket.IO carries session control and ephemeral signals; the board itself never goes through it.
 * Both directions are declared once here and used as `Server<ClientToServer, ServerToClient>` on
 * the server and `Socket<ServerToClient, ClientToServer>` on the client.
 */
export const PROTOCOL_VERSION = 1;

export const SocketAuth = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(Limits.tokenMax)),
  version: z.optional(z.int()),
});
export type SocketAuth = z.infer<typeof SocketAuth>;

export const SessionInfo = z.object({
  id: z.string(),
  title: z.string(),
  joinCode: z.string(),
  template: z.string(),
  role: Role,
  memberId: z.string(),
  name: z.optional(z.string()),
  ended: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const PresenceMember = z.object({
  id: z.string(),
  role: Role,
  name: z.optional(z.string()),
  /** Open board connections of this member (a phone and a laptop count twice here, once below). */
  connections: z.int(),
});
export type PresenceMember = z.infer<typeof PresenceMember>;

export const Presence = z.object({
  members: z.array(PresenceMember),
  /** Distinct participants connected to the board: the projector's live count. */
  participants: z.int(),
});
export type Presence = z.infer<typeof Presence>;

/** "Your changes up to this clock are on disk": lets a phone show "saved" per card. */
export const Saved = z.object({ clientId: z.int(), clock: z.int() });
export type Saved = z.infer<typeof Saved>;

export type Ack<T> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export interface ServerToClient {
  session: (info: SessionInfo) => void;
  presence: (presence: Presence) => void;
  saved: (saved: Saved) => void;
  signals: (signals: Signals) => void;
  'signals:mine': (mine: MySignals) => void;
  'private:mine': (cards: PrivateCardView[]) => void;
  'votes:mine': (votes: MyVotes) => void;
  reactions: (reactions: Reactions) => void;
}

type Acked<T> = (ack: (res: Ack<T>) => void) => void;
type WithAck<P, T> = (payload: P, ack: (res: Ack<T>) => void) => void;

export interface ClientToServer {
  'session:get': Acked<SessionInfo>;
  /** Server time, so every screen counts a timer down in step. */
  clock: Acked<{ now: number }>;
  facilitate: WithAck<FacilitatorCommand, null>;
  'private:put': WithAck<PrivateCardInput, PrivateCardView[]>;
  'private:delete': WithAck<CardRef, PrivateCardView[]>;
  /** [J15] Facilitators: every waiting private card, to read before the reveal. */
  'private:list': Acked<InboxCard[]>;
  /** [J16] Facilitators: hide, show or merge one waiting card; answers the new list. */
  'private:screen': WithAck<PrivateScreen, InboxCard[]>;
  /** [J14] Create or rewrite one's anonymous card; answered once it is durable. */
  'anon:put': WithAck<AnonCardInput, null>;
  /** [J14] Delete one's anonymous card. */
  'anon:delete': WithAck<CardRef, null>;
  vote: WithAck<VoteInput, MyVotes>;
  signal: WithAck<SignalInput, null>;
  react: WithAck<ReactionInput, null>;
  /** A participant keeps a private link to one of its commitment cards (no account). */
  'commitment:keep': WithAck<CommitmentRef, KeptLink>;
  /** Facilitators: the session's snapshots, to pick one to restore. */
  snapshots: Acked<SnapshotView[]>;
}

export type ClientEvent = keyof ClientToServer;

/** What a request carries; `undefined` for requests that send only their ack. */
export type RequestPayload<E extends ClientEvent> =
  Parameters<ClientToServer[E]> extends [infer P, unknown] ? P : undefined;

/** What a request's ack answers with when it succeeds. */
export type RequestResult<E extends ClientEvent> =
  Parameters<ClientToServer[E]> extends [...unknown[], (res: Ack<infer T>) => void] ? T : never;

/** Every client-to-server event name: the server registers a route for each, and answers any other
 * name with `bad_request` ([S5]). */
export const CLIENT_EVENTS = [
  'session:get',
  'clock',
  'facilitate',
  'private:put',
  'private:delete',
  'private:list',
  'private:screen',
  'anon:put',
  'anon:delete',
  'vote',
  'signal',
  'react',
  'snapshots',
  'commitment:keep',
] as const satisfies readonly ClientEvent[];

type NoneMissing<T extends never> = T;
/** Does not compile while an event of `ClientToServer` is missing from `CLIENT_EVENTS`. */
export type UnlistedClientEvent = NoneMissing<Exclude<ClientEvent, (typeof CLIENT_EVENTS)[number]>>;
