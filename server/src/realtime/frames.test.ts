import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { binaryFrame } from './frames';

/** ws's own framer: exported by the package, but not declared in @types/ws. */
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
};

describe('binaryFrame', () => {
  it('is byte for byte what ws itself would write for an unmasked binary message', () => {
    for (const length of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
      const message = new Uint8Array(length).map((_, i) => i % 251);
      const parts = Sender.frame(Buffer.from(message), {
        fin: true,
        opcode: 2,
        mask: false,
        readOnly: true,
        rsv1: false,
      });
      expect(binaryFrame(message).equals(Buffer.concat(parts)), `length ${length}`).toBe(true);
    }
  });

  it('reuses the frame while the same message goes to every peer', () => {
    const message = new Uint8Array([0, 2, 1, 0]);
    expect(binaryFrame(message)).toBe(binaryFrame(message));
    expect(binaryFrame(new Uint8Array([0, 2, 1, 0]))).not.toBe(binaryFrame(message));
  });
});
