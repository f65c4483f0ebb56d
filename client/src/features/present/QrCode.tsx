import { useEffect, useState } from 'react';
import { toString as qrToString } from 'qrcode';

/**
 * The QR as an SVG data URL in an `<img>`: crisp at any projector size, and no markup from a
 * library is ever injected into the page.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    qrToString(value, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        // Without a QR the code and address beside it still get people in.
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [value]);
  return src ? (
    <img className="qr" src={src} alt={label} data-testid="projector-qr" />
  ) : (
    <div className="qr" aria-hidden="true" />
  );
}
