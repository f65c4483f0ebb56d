import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/**
 * Hand-encodes an update (Yjs v1 format) from raw structs, for the shapes no honest client
 * produces: dangling parents, parents that are not types, forged clocks.
 */
export function encodeStructs(
  items: Y.Item[],
  deletes: [client: number, clock: number, len: number][] = [],
): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  const byClient = new Map<number, Y.Item[]>();
  for (const item of items) {
    const list = byClient.get(item.id.client) ?? [];
    list.push(item);
    byClient.set(item.id.client, list);
  }
  encoding.writeVarUint(enc.restEncoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(enc.restEncoder, list.length);
    enc.writeClient(client);
    encoding.writeVarUint(enc.restEncoder, list[0]!.id.clock);
    for (const item of list) item.write(enc, 0);
  }
  const ds = new Map<number, [number, number][]>();
  for (const [client, clock, len] of deletes)
    ds.set(client, [...(ds.get(client) ?? []), [clock, len]]);
  encoding.writeVarUint(enc.restEncoder, ds.size);
  for (const [client, ranges] of ds) {
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(enc.restEncoder, clock);
      encoding.writeVarUint(enc.restEncoder, len);
    }
  }
  return enc.toUint8Array();
}

/** An item at (client, clock) with the given placement and a plain JSON value. */
export function rawItem(
  client: number,
  clock: number,
  placement: { parent?: string | Y.ID; parentSub?: string; origin?: Y.ID; rightOrigin?: Y.ID },
  content: Y.ContentAny | Y.ContentString = new Y.ContentAny(['x']),
): Y.Item {
  return new Y.Item(
    Y.createID(client, clock),
    null,
    placement.origin ?? null,
    null,
    placement.rightOrigin ?? null,
    (placement.parent ?? null) as unknown as Y.AbstractType<unknown>,
    placement.parentSub ?? null,
    content,
  );
}

/** A GC struct of any declared length: a few bytes that claim a huge clock range. */
export function encodeGc(client: number, clock: number, len: number): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, 1);
  encoding.writeVarUint(enc.restEncoder, 1);
  enc.writeClient(client);
  encoding.writeVarUint(enc.restEncoder, clock);
  enc.writeInfo(0);
  enc.writeLen(len);
  encoding.writeVarUint(enc.restEncoder, 0);
  return enc.toUint8Array();
}
