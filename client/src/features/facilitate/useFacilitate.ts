import { useCallback, useState } from 'react';
import type { FacilitatorCommand, MessageKey } from '@trellis/shared';
import type { WorkshopChannel } from '../../sync/workshop';
import { ackErrorKey } from '../workshop/phaseText';

/** Sends facilitator commands and keeps the last refusal to show in the page. */
export function useFacilitate(channel: WorkshopChannel | null): {
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
  error: MessageKey | null;
  dismiss: () => void;
} {
  const [error, setError] = useState<MessageKey | null>(null);
  const run = useCallback(
    async (cmd: FacilitatorCommand): Promise<boolean> => {
      if (!channel) {
        setError('ack.failed');
        return false;
      }
      const res = await channel.request('facilitate', cmd);
      setError(res.ok ? null : ackErrorKey(res.error.code));
      return res.ok;
    },
    [channel],
  );
  const dismiss = useCallback(() => setError(null), []);
  return { run, error, dismiss };
}
