import type { ReactNode } from 'react';

interface BannerProps {
  tone: 'info' | 'warning' | 'error';
  children: ReactNode;
  testId?: string;
}

/** A full-width notice. Errors interrupt screen readers; the rest wait their turn. */
export function Banner({ tone, children, testId }: BannerProps) {
  return (
    <div
      className={`banner banner-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
