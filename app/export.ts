/** Exports of the current view (SVG, PNG) and of the checked trace (Chrome trace JSON for Perfetto UI). */
import { palette } from './draw/colors.ts';
import { lastFrame } from './draw/frame.ts';
import { timelineSvg } from './draw/svg-export.ts';
import { engine } from './engine-client.ts';
import { useView } from './store.ts';

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName(): string {
  return (useView.getState().summary?.file ?? 'trace').replace(/\.[^.]*$/, '');
}

function title(): string {
  const s = useView.getState().summary;
  const errors = s?.violations.filter((v) => v.severity === 'error').length ?? 0;
  return `${s?.file ?? 'trace'}: ${errors === 0 ? 'no violations' : `${errors} violation(s)`} (vqscope)`;
}

export function exportSvg(): void {
  const f = lastFrame();
  const s = useView.getState();
  if (!f || !s.summary) return;
  download(new Blob([timelineSvg(f, title(), s.summary.names, palette(s.theme))], { type: 'image/svg+xml' }), `${baseName()}.svg`);
}

export function exportPng(): void {
  const f = lastFrame();
  const s = useView.getState();
  if (!f || !s.summary) return;
  const dpr = f.base.width / f.geometry.width;
  const head = 28;
  const c = document.createElement('canvas');
  c.width = f.base.width;
  c.height = f.base.height + head * dpr;
  const ctx = c.getContext('2d') as CanvasRenderingContext2D;
  const p = palette(s.theme);
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.scale(dpr, dpr);
  ctx.fillStyle = p.text;
  ctx.font = '600 15px system-ui, sans-serif';
  ctx.fillText(title(), 8, 19);
  ctx.setTransform(1, 0, 0, 1, 0, head * dpr);
  ctx.drawImage(f.base, 0, 0);
  ctx.drawImage(f.overlay, 0, 0);
  c.toBlob((b) => {
    if (b) download(b, `${baseName()}.png`);
  }, 'image/png');
}

export async function exportChromeJson(): Promise<void> {
  const json = await engine().exportChrome();
  download(new Blob([json], { type: 'application/json' }), `${baseName()}.perfetto.json`);
}
