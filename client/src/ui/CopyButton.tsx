import { useEffect, useState } from 'react';

interface CopyButtonProps {
  text: string;
  label: string;
  copiedLabel: string;
}

/** Copies `text`; falls back to a selection prompt where the Clipboard API is refused (http). */
export function CopyButton({ text, label, copiedLabel }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      window.prompt(label, text);
    }
  };

  return (
    <button type="button" className="button secondary" onClick={() => void copy()}>
      <span aria-live="polite">{copied ? copiedLabel : label}</span>
    </button>
  );
}
