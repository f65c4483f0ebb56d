/**
 * News a session's screens may hear a little late but never miss: the first value of a quiet
 * session goes out at once, later ones within `windowMs` wait for the window's end and only the
 * last of them goes out. A room of 300 filling up, or 300 phones tapping "I agree" within a few
 * seconds, costs each screen one message per window instead of one per phone.
 */
export class Paced<T> {
  /** Sessions inside a window, with the value that waits for its end (if any). */
  private readonly open = new Map<string, { next: T | undefined; waiting: boolean }>();

  constructor(
    private readonly windowMs: number,
    private readonly send: (sessionId: string, value: T) => void,
  ) {}

  push(sessionId: string, value: T): void {
    const window = this.open.get(sessionId);
    if (window) {
      window.next = value;
      window.waiting = true;
      return;
    }
    this.send(sessionId, value);
    const started = { next: undefined as T | undefined, waiting: false };
    this.open.set(sessionId, started);
    setTimeout(() => {
      this.open.delete(sessionId);
      if (started.waiting) this.push(sessionId, started.next as T);
    }, this.windowMs).unref();
  }
}
