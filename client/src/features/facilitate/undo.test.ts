import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, listCards, writeCard } from '@trellis/shared';
import { removeCard, setGroup, setHidden } from './moderation';
import { trackModeration, type UndoStep } from './undo';

/** The console, the server's room and a phone, each passing its updates on as a provider would. */
function room() {
  const server = new Y.Doc();
  const console_ = new Y.Doc();
  const phone = new Y.Doc();
  const link = (from: Y.Doc, to: Y.Doc): void =>
    void from.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== to) Y.applyUpdate(to, update, from);
    });
  for (const other of [console_, phone]) {
    link(server, other);
    link(other, server);
  }
  const steps: UndoStep[] = [];
  trackModeration(console_, (step) => steps.push(step));
  const undo = (): void => void steps.pop()?.undo();
  const card = (id: string) => listCards(server).find((c) => c.id === id);
  return { server, console_, phone, steps, undo, card };
}

describe('the console undo', () => {
  it('takes back the facilitator’s own moderation, newest first, with the room’s changes in between left alone', () => {
    const { console_, phone, server, steps, undo, card } = room();
    addCard(phone, {
      id: 'mine',
      kind: 'statement',
      text: 'Keep promises',
      authorId: 'p1',
      zone: 's',
    });
    addCard(server, { id: 'point', kind: 'synthesis', text: 'Small steps', zone: 'synthesis' });
    setHidden(console_, 'mine', true);
    // The server reveals a card and the phone rewords its own while the card is hidden.
    addCard(server, { id: 'revealed', kind: 'statement', text: 'Say no early', zone: 's' });
    writeCard(phone, 'mine', { zone: 'other' });
    setGroup(console_, 'revealed', 'point');
    removeCard(console_, 'mine');
    // Moves and edits are not moderation: no undo step.
    writeCard(console_, 'revealed', { x: 40, y: 20 });
    expect(steps.map((s) => s.kind)).toEqual(['hide', 'group', 'delete']);

    undo();
    // The deleted card comes back whole, on the server too, although its copy there was gc'd.
    expect(card('mine')).toMatchObject({ text: 'Keep promises', authorId: 'p1', zone: 'other' });
    expect(card('mine')?.hidden).toBe(true);
    undo();
    expect(card('revealed')?.group).toBeUndefined();
    expect(card('revealed')?.x).toBe(40);
    undo();
    expect(card('mine')?.hidden).toBe(false);
    expect(card('revealed')?.text).toBe('Say no early');
    expect(
      listCards(server)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['mine', 'point', 'revealed']);
    // A board loaded afresh from the server's state agrees.
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server));
    expect(listCards(fresh).find((c) => c.id === 'mine')?.text).toBe('Keep promises');
    expect(fresh.store.pendingStructs).toBeNull();
  });

  it('never takes back what another console did', () => {
    const { phone, server, steps, card } = room();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    addCard(phone, { id: 'a', kind: 'statement', text: 'Trust', zone: 's' });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    other.on('update', (update: Uint8Array) => Y.applyUpdate(server, update, other));
    setHidden(other, 'a', true);
    expect(card('a')?.hidden).toBe(true);
    expect(steps).toEqual([]);
  });
});
