/** Shown while a lazily loaded screen arrives; text so it is announced, not just drawn. */
export function Loading({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}
