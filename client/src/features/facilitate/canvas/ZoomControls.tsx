import { useT } from '../../../lib/i18n';

/**
 * Zoom out, the current zoom, zoom in, fit the board. The keyboard shortcuts (+, −, 0) and ctrl +
 * wheel do the same; these buttons are what a newcomer finds, and what a touch screen can press.
 */
export function ZoomControls(props: {
  scale: number;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onFit: () => void;
}) {
  const t = useT();
  const percent = Math.round(props.scale * 100);
  return (
    <div className="canvas-zoom" role="group" aria-label={t('canvas.zoom')}>
      <button
        type="button"
        className="button secondary"
        onClick={props.onZoomOut}
        aria-label={t('canvas.zoomOut')}
        title={t('canvas.zoomOut')}
        data-testid="canvas-zoom-out"
      >
        −
      </button>
      <output
        className="canvas-zoom-level"
        data-testid="canvas-zoom-level"
        data-scale={props.scale}
      >
        {t('canvas.zoomLevel', { percent })}
      </output>
      <button
        type="button"
        className="button secondary"
        onClick={props.onZoomIn}
        aria-label={t('canvas.zoomIn')}
        title={t('canvas.zoomIn')}
        data-testid="canvas-zoom-in"
      >
        +
      </button>
      <button
        type="button"
        className="button secondary"
        onClick={props.onFit}
        data-testid="canvas-fit"
      >
        {t('canvas.fit')}
      </button>
    </div>
  );
}
