import WebSocket from 'ws';

export interface Inspector {
  call<T = unknown>(method: string, params?: object): Promise<T>;
  close(): void;
}

/** A DevTools-protocol session with another Node process started with `--inspect=host:port`. */
export async function openInspector(port: number): Promise<Inspector> {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = list[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('no inspector target');
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
    const waiter = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!waiter) return; // events (scriptParsed, …) are not needed
    pending.delete(msg.id!);
    if (msg.error) waiter.reject(new Error(JSON.stringify(msg.error)));
    else waiter.resolve(msg.result);
  });
  return {
    call: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

export interface HeapSample {
  /** V8 heap in use after a full GC */
  heapUsed: number;
  /** memory outside the V8 heap held by JS objects (Buffers, ArrayBuffers) */
  external: number;
  rss: number;
}

/**
 * Forces a full GC in the other process and reads `process.memoryUsage()`. RSS alone cannot say
 * what connections cost: V8 reuses heap freed by earlier garbage without growing RSS, so deltas
 * swing with GC timing.
 */
export async function gcAndMeasure(port: number): Promise<HeapSample> {
  const inspector = await openInspector(port);
  try {
    // Twice: the first pass can leave weakly held and finalizable objects for the second.
    await inspector.call('HeapProfiler.collectGarbage');
    await inspector.call('HeapProfiler.collectGarbage');
    const result = await inspector.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    const usage = JSON.parse(result.result.value) as HeapSample;
    return { heapUsed: usage.heapUsed, external: usage.external, rss: usage.rss };
  } finally {
    inspector.close();
  }
}
