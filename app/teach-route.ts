/** Teach mode's place in the URL: `#teach` for the gallery, `#lesson=ID&step=N` for a lesson step. */
export interface TeachRoute {
  lesson: string;
  step: number;
}

export function parseTeachRoute(hash: string): TeachRoute | undefined {
  const h = hash.replace(/^#/, '');
  if (h === 'teach') return { lesson: '', step: 0 };
  const p = new URLSearchParams(h);
  const lesson = p.get('lesson');
  if (!lesson || !/^[\w.-]+$/.test(lesson)) return undefined;
  const step = Number(p.get('step') ?? '0');
  return { lesson, step: Number.isInteger(step) && step >= 0 ? step : 0 };
}

export function teachHash(r: TeachRoute): string {
  return r.lesson ? `#lesson=${encodeURIComponent(r.lesson)}&step=${r.step}` : '#teach';
}
