import * as Y from 'yjs';
import { addCard, writeMeta, zonesOf } from './board';
import { TEMPLATES, type TemplateId } from './templates';
import { IDLE_TIMER } from './workshop';

export interface SeedOptions {
  /** Cards each participant may have on the board ([G12]). */
  cardLimit?: number | undefined;
  /** The template's ground rules, already in the facilitator's language (`Template.groundRules`). */
  groundRules?: readonly string[];
  /** A follow-up session: its phases open with last time's commitments (`phasesOf`). */
  followUp?: boolean;
}

/** The id of the n-th ground rule a session starts with (from 1). */
const groundRuleId = (n: number): string => `rule-${n}`;

/** Whether a card is one of the ground rules the session was seeded with. */
export const isSeededRule = (id: string): boolean => /^rule-[1-9]\d*$/.test(id);

/** The document a new session starts from; written by the server as the log's first entry. */
export function seedBoard(
  doc: Y.Doc,
  title: string,
  templateId: TemplateId,
  now: number,
  { cardLimit, groundRules = [], followUp = false }: SeedOptions = {},
): void {
  const template = TEMPLATES[templateId];
  doc.transact(() => {
    writeMeta(doc, {
      title,
      template: templateId,
      createdAt: now,
      // -1 is the lobby: phones join while the projector shows the code.
      phase: -1,
      ...(cardLimit !== undefined && { cardLimit }),
      ...(followUp && { followUp }),
      timer: IDLE_TIMER,
      voting: { state: 'closed', perParticipant: template.votesPerParticipant, hideResults: true },
    });
    template.zones.forEach((zone, order) => {
      const map = new Y.Map<unknown>();
      map.set('titleKey', zone.titleKey);
      map.set('order', order);
      zonesOf(doc).set(zone.id, map);
    });
    // The facilitator's voice, like the cards the console adds: no author, editable there.
    groundRules.forEach((text, i) =>
      addCard(doc, {
        id: groundRuleId(i + 1),
        kind: 'note',
        text,
        zone: 'rules',
        createdAt: now + i,
      }),
    );
  });
}
