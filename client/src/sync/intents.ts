import { z } from 'zod/mini';
import {
  AnonCardInput,
  CARD_KINDS,
  commitmentFields,
  PrivateCardView,
  type CommitmentField,
} from '@trellis/shared';
import { readJson, writeJson } from '../lib/storage';

/**
 * A whole card as a phone writes it, so a retry, or a re-add after its first copy was lost, loses
 * no field. `zone` and `createdAt` place a new card on this screen (and, for a named card, in the
 * document); for an anonymous card the server picks its own.
 */
const body = { card: AnonCardInput, zone: z.optional(z.string()), createdAt: z.number() };

/**
 * Where a document write stands: the server holds it once its durable clock for `client` reaches
 * `clock` ([S4]). Kept with the intent, so a reload still knows what it waits for.
 */
const Mark = z.object({ client: z.int(), clock: z.int() });
export type Mark = z.infer<typeof Mark>;

/**
 * What the phone wants done to one card, kept on the device until it is done. Named cards go into
 * the document; anonymous cards only through the server, which writes them under its own clientID
 * ([J14]); private cards stay on the server until the reveal ([J6]).
 */
export const Intent = z.discriminatedUnion('op', [
  z.object({ op: z.literal('card:put'), ...body, mark: z.optional(Mark) }),
  z.object({ op: z.literal('card:delete'), id: z.string() }),
  z.object({ op: z.literal('anon:put'), ...body }),
  z.object({ op: z.literal('anon:delete'), id: z.string() }),
  z.object({ op: z.literal('private:put'), card: PrivateCardView }),
  z.object({ op: z.literal('private:delete'), id: z.string() }),
]);
export type Intent = z.infer<typeof Intent>;

/** Written into the document by this phone. */
export type DocIntent = Extract<Intent, { op: 'card:put' | 'card:delete' }>;
/** Sent through the control channel, answered by the server. */
export type ServerIntent = Exclude<Intent, DocIntent>;
export type AnonIntent = Extract<Intent, { op: 'anon:put' | 'anon:delete' }>;
export type PutIntent = Extract<Intent, { op: 'card:put' | 'anon:put' }>;

export const cardIdOf = (intent: Intent): string => ('card' in intent ? intent.card.id : intent.id);

export const isDocIntent = (intent: Intent): intent is DocIntent =>
  intent.op === 'card:put' || intent.op === 'card:delete';

export const isAnonIntent = (intent: Intent): intent is AnonIntent =>
  intent.op === 'anon:put' || intent.op === 'anon:delete';

/** The card a put intent writes, as its `card`, `zone` and `createdAt`. */
export function putBody(
  card: {
    id: string;
    kind: AnonCardInput['kind'];
    text: string;
    zone?: string | undefined;
    createdAt: number;
  } & { readonly [K in CommitmentField]?: string | undefined },
): Omit<PutIntent, 'op' | 'mark'> {
  return {
    card: { id: card.id, kind: card.kind, text: card.text, ...commitmentFields(card) },
    ...(card.zone !== undefined && { zone: card.zone }),
    createdAt: card.createdAt,
  };
}

/** Where the outbox keeps its intents; storage is injected so the outbox runs without a browser. */
export interface OutboxStore {
  read(): Intent[];
  write(intents: readonly Intent[]): void;
}

/** Cards queued by the app before the outbox held every write (named and anonymous alike). */
const LegacyPending = z.object({
  id: z.string(),
  kind: z.catch(z.enum(CARD_KINDS), 'statement'),
  text: z.string(),
  zone: z.optional(z.string()),
  anonymous: z.optional(z.boolean()),
  createdAt: z.number(),
  org: z.optional(z.string()),
  step: z.optional(z.string()),
  by: z.optional(z.string()),
});

/** Entry by entry: one unreadable intent must not cost the others. */
function parseEach<T>(raw: unknown, parse: (item: unknown) => T | undefined): T[] {
  return Array.isArray(raw) ? raw.flatMap((item) => parse(item) ?? []) : [];
}

const parsed =
  <T>(schema: z.ZodMiniType<T>) =>
  (item: unknown): T | undefined => {
    const result = schema.safeParse(item);
    return result.success ? result.data : undefined;
  };

/**
 * This device's outbox for one session, in localStorage. The queues of earlier versions of the
 * app are taken over once: cards waiting for the board and private cards waiting for the server.
 * Their offline rewrites of saved cards held only the new text, too little to write a card
 * again, and are dropped.
 */
export function localOutbox(sessionId: string): OutboxStore {
  const key = `trellis:outbox:${sessionId}`;
  const pendingKey = `trellis:pending:${sessionId}`;
  const privateKey = `trellis:private-outbox:${sessionId}`;
  const editsKey = `trellis:edits:${sessionId}`;
  return {
    read: () => {
      const pending = parseEach(readJson(pendingKey), parsed(LegacyPending)).map(
        ({ anonymous, ...card }): Intent => ({
          op: anonymous === true ? 'anon:put' : 'card:put',
          ...putBody(card),
        }),
      );
      const privates = parseEach(readJson(privateKey), parsed(PrivateCardView)).map(
        (card): Intent => ({ op: 'private:put', card }),
      );
      return [...pending, ...privates, ...parseEach(readJson(key), parsed(Intent))];
    },
    write: (intents) => {
      for (const legacy of [pendingKey, privateKey, editsKey]) writeJson(legacy, null);
      writeJson(key, intents.length > 0 ? intents : null);
    },
  };
}
