/**
 * One object for equal records that many connections hold. A phone's board WebSocket and its
 * Socket.IO connection each got their own copy of its member record from the storage, and every
 * Socket.IO connection its own copy of the session record, strings and all. A record is shared
 * only while it is field for field the one given, so what each connection sees is exactly what
 * it read; held weakly, so a record nobody holds goes (the WeakRef and its cell cost ~100 B per
 * member, the copies they replace ~400 B).
 */
export class Interned {
  private readonly held = new Map<string, WeakRef<object>>();
  private readonly gone = new FinalizationRegistry<string>((key) => {
    if (this.held.get(key)?.deref() === undefined) this.held.delete(key);
  });

  /** The record held under its id if it equals `record`, else `record`, now held. */
  intern<R extends { readonly id: string }>(record: R): R {
    const known = this.held.get(record.id)?.deref();
    if (known && sameFields(known, record)) return known as R;
    this.held.set(record.id, new WeakRef(record));
    this.gone.register(record, record.id);
    return record;
  }
}

function sameFields(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(b, k) && Object.is(ra[k], rb[k]));
}

/** The process's members and sessions as the realtime endpoints hold them. */
export const memberRecords = new Interned();
export const sessionRecords = new Interned();
