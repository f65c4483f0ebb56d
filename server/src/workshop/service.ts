import {
  cardsOf,
  CloseCode,
  readCard,
  writeMeta,
  writeResults,
  readWorkshop,
  timeLeft,
  translate,
  type FacilitatorCommand,
  type MyVotes,
  type MySignals,
  type PrivateCardInput,
  type PrivateCardView,
  type Signals,
  type SignalInput,
  type Role,
  type VoteInput,
} from '@trellis/shared';
import type { Broadcaster } from '../broadcaster';
import type { Logger } from '../log';
import { SERVER_MEMBER, type Room } from '../rooms/room';
import type { Rooms } from '../rooms/rooms';
import type { Identity, Sessions } from '../sessions';
import type { Storage, TableWrite } from '../storage/types';
import { docAtSeq } from '../history/reconstruct';
import { restoreBoard } from '../history/restore';
import type { Snapshots } from '../history/snapshots';
import { CommandError } from './errors';
import { PrivateWriting } from './privateWriting';
import { AnonymousCards } from './anonCards';
import { SignalBoard } from './signals';
import { Votes } from './votes';
import { applyTimer } from './timer';
import { sameName } from './names';

/**
 * The workshop's rules on the server: facilitator commands, private writing, votes and signals.
 * Everything that changes the shared board is written into the room's document through
 * `transactAsServer`, so it is logged, broadcast and replayable like any other change.
 */
export class Workshop {
  readonly signalBoard = new SignalBoard();
  readonly privateWriting: PrivateWriting;
  private readonly votes: Votes;
  readonly anon: AnonymousCards;

  constructor(
    private readonly storage: Storage,
    private readonly rooms: Rooms,
    private readonly sessions: Sessions,
    private readonly snapshots: Snapshots,
    /** Where the service's news goes: members' other devices, facilitators, everyone. */
    private readonly broadcast: Broadcaster,
    private readonly log: Logger,
  ) {
    this.privateWriting = new PrivateWriting(storage, rooms, snapshots, log);
    this.votes = new Votes(storage);
    this.anon = new AnonymousCards(storage, rooms);
  }

  async command({ member, session }: Identity, cmd: FacilitatorCommand): Promise<void> {
    if (member.role !== 'facilitator') {
      throw new CommandError('forbidden', 'only a facilitator may do this', 'J5');
    }
    const now = Date.now();
    switch (cmd.type) {
      case 'phase:go':
        return this.goToPhase(session.id, member.id, cmd.index);
      case 'phase:edit':
        return this.rooms.run(session.id, (room) => {
          const count = room.workshop.phases.length;
          if (cmd.index >= count) throw new CommandError('bad_request', 'no such phase');
          const phases = room.workshop.phases.map((p) => ({
            title: p.title,
            prompt: p.prompt,
            timerSeconds: p.timerSeconds,
          }));
          const { type: _type, index, ...edit } = cmd;
          phases[index] = { ...phases[index]!, ...edit };
          room.transactAsServer(member.id, (doc) => writeMeta(doc, { phases }));
        });
      case 'timer:start':
      case 'timer:pause':
      case 'timer:extend':
      case 'timer:reset':
        return this.rooms.run(session.id, (room) => {
          const next = applyTimer(room.workshop, cmd, now);
          room.transactAsServer(member.id, (doc) => writeMeta(doc, { timer: next }));
        });
      case 'reveal': {
        const authors = await this.privateWriting.reveal(session.id, member.id, now);
        for (const author of authors) this.broadcast.privateMine(author, []);
        await this.publishSignals(session.id);
        return;
      }
      case 'lock':
        return this.rooms.run(session.id, (room) =>
          room.transactAsServer(member.id, (doc) => writeMeta(doc, { locked: cmd.locked })),
        );
      case 'vote:configure':
        return this.rooms.run(session.id, async (room) => {
          const voting = {
            ...room.workshop.voting,
            perParticipant: cmd.perParticipant,
            hideResults: cmd.hideResults,
          };
          const results = await this.publishableResults(room, voting.state, voting.hideResults);
          // Undefined results are removed: hiding them takes them off every screen.
          room.transactAsServer(member.id, (doc) => {
            writeMeta(doc, { voting });
            writeResults(doc, results);
          });
        });
      case 'vote:open':
      case 'vote:close':
        return this.rooms.run(session.id, (room) =>
          this.setVoting(room, member.id, cmd.type === 'vote:open' ? 'open' : 'done'),
        );
      case 'participant:remove':
        return this.removeParticipant(session.id, cmd.memberId);
      case 'participant:block':
        return this.blockName(session.id, cmd.name);
      case 'spotlight':
        return this.rooms.run(session.id, (room) => {
          // The projector never shows a hidden card: say so rather than light up nothing.
          const card = cmd.cardId ? readCard(cmd.cardId, cardsOf(room.doc).get(cmd.cardId)) : null;
          if (cmd.cardId && (!card || card.hidden))
            throw new CommandError('not_found', 'no such card on the projector');
          room.transactAsServer(member.id, (doc) => {
            const spot =
              cmd.cardId || cmd.zone
                ? { ...(cmd.cardId && { cardId: cmd.cardId }), ...(cmd.zone && { zone: cmd.zone }) }
                : null;
            writeMeta(doc, { spotlight: spot });
          });
        });
      case 'projector:qr':
        return this.rooms.run(session.id, (room) =>
          room.transactAsServer(member.id, (doc) =>
            writeMeta(doc, { projectorQr: cmd.size === 'auto' ? undefined : cmd.size }),
          ),
        );
      case 'session:end':
        return this.endSession(session.id, member.id);
      case 'restore':
        return this.restore(session.id, member.id, cmd.seq);
      case 'snapshot':
        await this.rooms.run(session.id, (room) => this.snapshots.take(room, cmd.label, 'manual'));
        return;
      default: {
        const never: never = cmd;
        throw new CommandError('bad_request', `unknown command ${JSON.stringify(never)}`);
      }
    }
  }

  /** [J6] Cards written in a private phase stay on the server, visible only to their author. */
  async putPrivate(identity: Identity, input: PrivateCardInput): Promise<PrivateCardView[]> {
    const mine = await this.privateWriting.put(identity, input);
    this.publishSignalsLater(identity.session.id);
    return mine;
  }

  async deletePrivate(identity: Identity, id: string): Promise<PrivateCardView[]> {
    const mine = await this.privateWriting.remove(identity, id);
    this.publishSignalsLater(identity.session.id);
    return mine;
  }

  myPrivate(identity: Identity): Promise<PrivateCardView[]> {
    return this.privateWriting.mine(identity);
  }

  /** [J7] Dot votes: only while voting is open, never beyond the per-participant budget. */
  async vote({ member, session }: Identity, input: VoteInput): Promise<MyVotes> {
    if (member.role !== 'participant')
      throw new CommandError('forbidden', 'only participants vote');
    return this.rooms.run(session.id, (room) => this.votes.cast(room, member.id, input));
  }

  async listSnapshots({ member, session }: Identity) {
    if (member.role !== 'facilitator')
      throw new CommandError('forbidden', 'only a facilitator may do this', 'J5');
    return (await this.storage.snapshots(session.id)).map(({ seq, time, label, kind }) => ({
      seq,
      time,
      label,
      kind,
    }));
  }

  async myVotes({ member, session }: Identity): Promise<MyVotes> {
    return this.rooms.run(session.id, (room) => this.votes.mine(room, member.id));
  }

  async signal({ member, session }: Identity, input: SignalInput): Promise<void> {
    this.signalBoard.set(
      session.id,
      member.id,
      input.type === 'hand' ? 'hand' : input.type,
      input.on,
    );
    // The member's other devices (a second tab, a phone that reloaded) follow its toggles.
    this.broadcast.signalsMine(member.id, this.signalBoard.of(session.id, member.id));
    await this.publishSignals(session.id);
  }

  /** [J12] What a (re)connecting participant gets back: its own ready, hand and agree. */
  mySignals({ member, session }: Identity): MySignals {
    return this.signalBoard.of(session.id, member.id);
  }

  /** Signals after a reply: a failure is logged, never an unhandled rejection that stops Node. */
  private publishSignalsLater(sessionId: string): void {
    this.publishSignals(sessionId).catch((err: unknown) =>
      this.log.error('signals failed', { session: sessionId, err: String(err) }),
    );
  }

  async publishSignals(sessionId: string): Promise<void> {
    const { forFacilitators, forOthers } = await this.signalsOf(sessionId);
    this.broadcast.signals(sessionId, forFacilitators, forOthers);
  }

  /**
   * The counts one (re)connecting member gets ([J10]): sent to its socket alone, so a room of
   * 300 filling up is 300 messages, not 300 broadcasts to everyone (45,000).
   */
  async signalsFor(sessionId: string, role: Role): Promise<Signals> {
    const { forFacilitators, forOthers } = await this.signalsOf(sessionId);
    return role === 'facilitator' ? forFacilitators : forOthers;
  }

  private async signalsOf(
    sessionId: string,
  ): Promise<{ forFacilitators: Signals; forOthers: Signals }> {
    const who = this.signalBoard.snapshot(sessionId);
    const forOthers: Signals = {
      ready: who.ready.length,
      hands: who.hand.length,
      agreed: who.agree.length,
      privateCount: await this.storage.waitingPrivateCount(sessionId),
    };
    const forFacilitators = {
      ...forOthers,
      who: { ready: who.ready, hands: who.hand, agreed: who.agree },
    };
    return { forFacilitators, forOthers };
  }

  private async goToPhase(sessionId: string, memberId: string, index: number): Promise<void> {
    await this.rooms.run(sessionId, async (room) => {
      const before = room.workshop;
      if (index >= before.phases.length) throw new CommandError('bad_request', 'no such phase');
      const next = before.phases[index];
      const leavingVote = before.phase?.spec.voting && before.voting.state === 'open';
      const results = leavingVote ? await this.votes.totals(room) : undefined;
      const ms = (next?.timerSeconds ?? 0) * 1000;
      const voting = next?.spec.voting
        ? { ...before.voting, state: 'open' as const }
        : leavingVote
          ? { ...before.voting, state: 'done' as const }
          : undefined;
      room.transactAsServer(memberId, (doc) => {
        writeMeta(doc, {
          phase: index,
          timer: { state: 'idle', endsAt: null, remainingMs: ms, totalMs: ms },
          spotlight: null,
          ...(voting && { voting }),
        });
        if (results) writeResults(doc, results);
      });
      const label = next ? (next.title ?? translate('en', next.spec.titleKey)) : 'Lobby';
      await this.snapshots.take(room, label, 'phase');
    });
    for (const memberId of this.signalBoard.resetPhase(sessionId)) {
      this.broadcast.signalsMine(memberId, this.signalBoard.of(sessionId, memberId));
    }
    await this.publishSignals(sessionId);
  }

  private async setVoting(room: Room, memberId: string, state: 'open' | 'done'): Promise<void> {
    const voting = { ...room.workshop.voting, state };
    const results = await this.publishableResults(room, state, voting.hideResults);
    room.transactAsServer(memberId, (doc) => {
      writeMeta(doc, { voting });
      if (results) writeResults(doc, results);
    });
  }

  private async publishableResults(room: Room, state: string, hide: boolean) {
    if (hide && state !== 'done') return undefined;
    return this.votes.totals(room);
  }

  /** [J4] A removed participant's connections close and its token stops working. */
  private async removeParticipant(sessionId: string, memberId: string): Promise<void> {
    const target = await this.storage.memberById(memberId);
    if (!target || target.sessionId !== sessionId || target.role !== 'participant') {
      throw new CommandError('not_found', 'no such participant in this session');
    }
    await this.storage.removeMember(memberId, Date.now());
    const room = await this.rooms.loadedRoom(sessionId);
    room?.closeMember(memberId, CloseCode.Forbidden, '[J4] removed by the facilitator');
    this.signalBoard.forget(sessionId, memberId);
    this.broadcast.removed(memberId);
    await this.publishSignals(sessionId);
  }

  /** [J13] Joins under this name are refused for the rest of the session. */
  private async blockName(sessionId: string, name: string): Promise<void> {
    await this.storage.blockName(sessionId, name);
    const members = await this.storage.membersOf(sessionId);
    for (const m of members) {
      if (m.role === 'participant' && m.name !== undefined && sameName(m.name, name)) {
        await this.removeParticipant(sessionId, m.id);
      }
    }
  }

  /** [Y8] Back to a snapshot, as a forward change; ownership follows each card's original author. */
  private async restore(sessionId: string, memberId: string, seq: number): Promise<void> {
    const snapshot = (await this.storage.snapshots(sessionId)).find((x) => x.seq === seq);
    if (!snapshot) throw new CommandError('not_found', 'no snapshot at that position');
    const past = await docAtSeq(this.storage, sessionId, seq);
    const bindings = await this.storage.clientBindings(sessionId);
    const owners = await this.storage.cardOwners(sessionId);
    await this.rooms.run(sessionId, async (room) => {
      await this.snapshots.take(room, `Before restoring “${snapshot.label}”`, 'manual');
      // The rewritten cards and their owners in one transaction ([D5]): ownership never lags.
      const writes: TableWrite[] = [];
      room.transactAsServer(
        memberId,
        (doc) => {
          for (const { cardId, creator } of restoreBoard(doc, past).rewritten) {
            const owner = owners.get(cardId) ?? bindings.get(creator);
            if (!owner || owner === SERVER_MEMBER) continue;
            writes.push({ type: 'cardOwner', sessionId, cardId, memberId: owner });
            room.ownership.setOwner(cardId, owner);
          }
        },
        { writes },
      );
      await room.settled();
    });
    past.destroy();
  }

  private async endSession(sessionId: string, memberId: string): Promise<void> {
    const now = Date.now();
    await this.rooms.run(sessionId, (room) => {
      // `meta.ended` and the session's row change together ([D5]).
      const writes: TableWrite[] = [{ type: 'sessionEnded', sessionId, time: now }];
      room.transactAsServer(
        memberId,
        (doc) => {
          const { timer } = readWorkshop(doc);
          writeMeta(doc, {
            ended: true,
            timer: { ...timer, state: 'paused', endsAt: null, remainingMs: timeLeft(timer, now) },
          });
        },
        { writes },
      );
      return this.snapshots.take(room, 'end', 'end');
    });
    const room = await this.rooms.loadedRoom(sessionId);
    room?.closeAll(CloseCode.SessionEnded, 'the session has ended');
    this.broadcast.ended(sessionId);
  }
}
