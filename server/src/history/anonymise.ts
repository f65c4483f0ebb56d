import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/**
 * Rewrites one Yjs v1 update with every plain value equal to `secret` replaced by null, keeping
 * every struct's id, length and position, so the rewritten log still replays to the same board
 * minus the erased attribution. Returns undefined when the update does not mention it.
 */
export function scrubUpdate(update: Uint8Array, secret: string): Uint8Array | undefined {
  if (!Buffer.from(update).includes(secret)) return undefined;
  const { structs, ds } = Y.decodeUpdate(update);
  let changed = false;
  for (const s of structs) {
    if (s instanceof Y.Item && s.content instanceof Y.ContentAny) {
      const arr = s.content.arr;
      for (let i = 0; i < arr.length; i++) {
        if (arr[i] === secret) {
          arr[i] = null;
          changed = true;
        }
      }
    }
  }
  if (!changed) return undefined;
  return encode(structs, ds);
}

function encode(
  structs: (Y.Item | Y.GC | Y.Skip)[],
  ds: ReturnType<typeof Y.decodeUpdate>['ds'],
): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  const groups: (Y.Item | Y.GC | Y.Skip)[][] = [];
  for (const s of structs) {
    const last = groups.at(-1);
    if (last && last[0]!.id.client === s.id.client) last.push(s);
    else groups.push([s]);
  }
  encoding.writeVarUint(enc.restEncoder, groups.length);
  for (const group of groups) {
    encoding.writeVarUint(enc.restEncoder, group.length);
    enc.writeClient(group[0]!.id.client);
    encoding.writeVarUint(enc.restEncoder, group[0]!.id.clock);
    for (const s of group) s.write(enc, 0);
  }
  encoding.writeVarUint(enc.restEncoder, ds.clients.size);
  for (const [client, ranges] of ds.clients) {
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, ranges.length);
    for (const r of ranges) {
      encoding.writeVarUint(enc.restEncoder, r.clock);
      encoding.writeVarUint(enc.restEncoder, r.len);
    }
  }
  return enc.toUint8Array();
}
