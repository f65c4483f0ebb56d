import * as Y from 'yjs';
import { writeMeta, zonesOf } from './board';
import { TEMPLATES, type TemplateId } from './templates';
import { IDLE_TIMER } from './workshop';

/** The document a new session starts from; written by the server as the log's first entry. */
export function seedBoard(
  doc: Y.Doc,
  title: string,
  templateId: TemplateId,
  now: number,
  cardLimit?: number,
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
      timer: IDLE_TIMER,
      voting: { state: 'closed', perParticipant: template.votesPerParticipant, hideResults: true },
    });
    template.zones.forEach((zone, order) => {
      const map = new Y.Map<unknown>();
      map.set('titleKey', zone.titleKey);
      map.set('order', order);
      zonesOf(doc).set(zone.id, map);
    });
  });
}
