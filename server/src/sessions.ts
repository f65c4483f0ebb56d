import * as Y from 'yjs';
import {
  seedBoard,
  TEMPLATES,
  translate,
  type Locale,
  type CreateSessionResponse,
  type JoinResponse,
  type TemplateId,
} from '@trellis/shared';
import { hashSecret, newId, newJoinCode, newToken } from './auth/tokens';
import type { MemberRecord, NewMember, SessionRecord, Storage } from './storage/types';
import { SERVER_MEMBER } from './storage/pseudoMembers';

export class SessionError extends Error {
  constructor(
    readonly code: 'not_found' | 'gone' | 'unauthorized' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

export interface Identity {
  member: MemberRecord;
  session: SessionRecord;
}

/** Session lifecycle and identities: what the HTTP API and both realtime channels share. */
export class Sessions {
  constructor(private readonly storage: Storage) {}

  /**
   * `seed` adds to the starting board (a follow-up session's previous commitments). The session,
   * its first board, the seed's clientID bindings and the follow-up link are one transaction.
   */
  async create(
    title: string,
    template: TemplateId,
    options: {
      seed?: (doc: Y.Doc) => Promise<void>;
      followUpOf?: string | undefined;
      retentionDays?: number | undefined;
      cardsPerParticipant?: number | undefined;
      /** The facilitator's language, for the template's ground rules. */
      locale?: Locale | undefined;
    } = {},
  ): Promise<CreateSessionResponse> {
    const now = Date.now();
    const session: SessionRecord = {
      id: newId(),
      title,
      template,
      joinCode: await this.freeJoinCode(),
      createdAt: now,
      endedAt: null,
    };
    const facilitatorToken = newToken();
    const projectorToken = newToken();
    const member = (role: 'facilitator' | 'projector', token: string): NewMember => ({
      id: newId(),
      sessionId: session.id,
      role,
      name: undefined,
      createdAt: now,
      tokenHash: hashSecret(token),
    });
    const doc = new Y.Doc();
    seedBoard(doc, title, template, now, {
      cardLimit: options.cardsPerParticipant,
      groundRules: TEMPLATES[template].groundRules.map((key) =>
        translate(options.locale ?? 'en', key),
      ),
      followUp: options.followUpOf !== undefined,
    });
    await options.seed?.(doc);
    // [P2] The seed's structs (zones, last time's commitments) are the server's: bound, so no
    // participant can write under their clientID and become their owner.
    const bindings = [...doc.store.clients.keys()].map((clientId) => ({
      sessionId: session.id,
      clientId,
      memberId: SERVER_MEMBER,
    }));
    const first = {
      sessionId: session.id,
      time: now,
      memberId: null,
      update: Y.encodeStateAsUpdate(doc),
    };
    doc.destroy();
    await this.storage.createSession(
      session,
      [member('facilitator', facilitatorToken), member('projector', projectorToken)],
      first,
      { bindings, followUpOf: options.followUpOf, retentionDays: options.retentionDays },
    );
    return { id: session.id, joinCode: session.joinCode, facilitatorToken, projectorToken };
  }

  async join(code: string, name: string | undefined, device?: string): Promise<JoinResponse> {
    const session = await this.storage.sessionByJoinCode(code);
    if (!session) throw new SessionError('not_found', 'No session has this code');
    if (session.endedAt !== null) throw new SessionError('gone', 'This session has ended');
    const deviceHash = device === undefined ? undefined : hashSecret(`${session.id}:${device}`);
    // [J13] A removed phone (or a blocked name) does not come straight back with the same code.
    if (await this.storage.isBanned(session.id, deviceHash, name)) {
      throw new SessionError('forbidden', 'The facilitator removed you from this session');
    }
    const token = newToken();
    const participantId = newId();
    await this.storage.addMember({
      id: participantId,
      sessionId: session.id,
      role: 'participant',
      name: name === '' ? undefined : name,
      createdAt: Date.now(),
      tokenHash: hashSecret(token),
      deviceHash,
    });
    return { sessionId: session.id, participantId, token };
  }

  /**
   * Resolves a bearer token for a session; the error says which close code/status applies.
   * `ended: 'allow'` also answers for a session that has ended, while its data is kept (a phone
   * keeping its commitment link after the end, [K1]); its purge deletes the token with it.
   */
  async identify(
    token: string | undefined,
    sessionId?: string,
    { ended = 'refuse' }: { ended?: 'refuse' | 'allow' } = {},
  ): Promise<Identity> {
    if (!token) throw new SessionError('unauthorized', 'missing token');
    const member = await this.storage.memberByTokenHash(hashSecret(token));
    if (!member) throw new SessionError('unauthorized', 'unknown token');
    if (await this.storage.isRemoved(member.id)) {
      throw new SessionError('forbidden', '[J4] removed from this session by the facilitator');
    }
    if (sessionId !== undefined && member.sessionId !== sessionId) {
      throw new SessionError('forbidden', 'token belongs to another session');
    }
    const session = await this.storage.sessionById(member.sessionId);
    if (!session) throw new SessionError('not_found', 'unknown session');
    if (session.endedAt !== null && ended === 'refuse') {
      throw new SessionError('gone', 'session has ended');
    }
    return { member, session };
  }

  private async freeJoinCode(): Promise<string> {
    // 31^7 codes: a clash is rare, but a live code must never be handed out twice.
    for (;;) {
      const code = newJoinCode();
      if (!(await this.storage.sessionByJoinCode(code))) return code;
    }
  }
}
