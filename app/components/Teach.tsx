/**
 * Teach mode: a gallery of lessons, and a lesson with its valid and invalid
 * trace on a shared log-order axis, played one event at a time with every
 * monitor's state, stopping with a highlight where a rule fires.
 */
import { useEffect, useRef, useState } from 'react';
import type { LessonTrace, LessonView } from '../../worker/protocol.ts';
import { PAIR_LESSON, useCompare } from '../compare-store.ts';
import { nameColors, palette } from '../draw/colors.ts';
import { sizeCanvas } from '../draw/hidpi-canvas.ts';
import { engine } from '../engine-client.ts';
import { useView } from '../store.ts';
import { teachHash } from '../teach-route.ts';

const LANE_H = 26;
const LABEL = 150;

function go(lesson: string, step: number): void {
  useView.getState().set({ teach: { lesson, step } });
  history.replaceState(null, '', teachHash({ lesson, step }));
}

function LessonGallery() {
  const [ids, setIds] = useState<string[]>([]);
  const [titles, setTitles] = useState<Record<string, string>>({});
  useEffect(() => {
    void fetch('lessons/index.json')
      .then((r) => r.json())
      .then(async (list: string[]) => {
        setIds(list);
        const t: Record<string, string> = {};
        for (const id of list) {
          const text = await (await fetch(`lessons/${id}.lesson`)).text();
          t[id] = /^title:\s*(.*)$/m.exec(text)?.[1] ?? id;
        }
        setTitles(t);
      });
  }, []);
  return (
    <main className="first-screen">
      <h1>Teach: VirtIO ordering rules, step by step</h1>
      <p className="muted">
        Each lesson plays a valid and an invalid trace side by side and stops where the specification's rule is broken.
      </p>
      <ul className="gallery" aria-label="Lessons">
        {ids.map((id) => (
          <li key={id}>
            <button type="button" className="card" onClick={() => go(id, 0)}>
              <span className="card-title">{titles[id] ?? id}</span>
              <span className="card-file muted">{id}.lesson</span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}

function TeachTrace({ trace, step, theme, axisCount }: { trace: LessonTrace; step: number; theme: 'light' | 'dark'; axisCount: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const width = 560;
  const height = 28 + trace.lanes.length * LANE_H;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const ctx = sizeCanvas(c, width, height);
    const p = palette(theme);
    ctx.fillStyle = p.bg;
    ctx.fillRect(0, 0, width, height);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    // Both traces share one axis: event k of either trace sits at the same x.
    const n = Math.max(1, trace.events.length);
    const x = (i: number) => LABEL + 14 + (i / Math.max(1, axisCount - 1)) * (width - LABEL - 30);
    const y = (lane: number) => 28 + lane * LANE_H + LANE_H / 2;
    trace.lanes.forEach((l, k) => {
      if (k % 2 === 0) {
        ctx.fillStyle = p.laneAlt;
        ctx.fillRect(0, 28 + k * LANE_H, width, LANE_H);
      }
      ctx.fillStyle = p.muted;
      ctx.fillText(l, 8, y(k), LABEL - 12);
    });
    ctx.fillStyle = p.muted;
    trace.events.forEach((e, i) => {
      ctx.fillText(`${e.line}`, x(i) - 4, 12);
    });
    trace.events.forEach((e, i) => {
      ctx.globalAlpha = i < step ? 1 : 0.18;
      ctx.fillStyle = nameColors(trace.names).color[e.nameId];
      ctx.beginPath();
      ctx.arc(x(i), y(e.lane), 5, 0, Math.PI * 2);
      ctx.fill();
    });
    ctx.globalAlpha = 1;
    for (const v of trace.violations) {
      if (v.event >= step) continue;
      ctx.strokeStyle = p.violated;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(x(v.event), y(trace.events[v.event].lane), 9, 0, Math.PI * 2);
      ctx.stroke();
      if (v.expectedEvent !== null && v.expectedEvent < step) {
        const x0 = x(v.expectedEvent);
        const y0 = y(trace.events[v.expectedEvent].lane);
        const x1 = x(v.event);
        const y1 = y(trace.events[v.event].lane);
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.bezierCurveTo(x0, y0 - 30, x1, y1 - 30, x1, y1);
        ctx.stroke();
      }
    }
    if (step > 0 && step <= n) {
      ctx.strokeStyle = p.selection;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(x(step - 1) - 9, 24, 18, height - 26);
    }
  }, [trace, step, theme, height, axisCount]);
  const firing = trace.violations.filter((v) => v.event === step - 1);
  const states = step > 0 ? (trace.states[Math.min(step, trace.states.length) - 1] ?? []) : [];
  return (
    <section className={`teach-trace ${trace.label}`} aria-label={`${trace.label} trace`}>
      <h3>
        {trace.label === 'valid' ? 'Valid' : 'Invalid'} <span className="muted">{trace.name}</span>
      </h3>
      <canvas ref={ref} role="img" aria-label={`${trace.label} trace, ${trace.events.length} events, played up to step ${step}`} />
      {firing.map((v) => (
        <p key={v.event} className="fires" role="status">
          The rule fires at line {v.line}: {v.message}
        </p>
      ))}
      <section className="monitor-state" aria-label={`Monitor state of the ${trace.label} trace`}>
        <strong>Monitor state after step {step}:</strong>
        {step === 0 ? <div className="muted">nothing played yet: every key at its start</div> : states.map((s) => <div key={s}>{s}</div>)}
      </section>
    </section>
  );
}

function LessonPage({ id, step }: { id: string; step: number }) {
  const theme = useView((s) => s.theme);
  const [lesson, setLesson] = useState<LessonView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setLesson(undefined);
    setError(undefined);
    const run = async () => {
      // A compared pair (or a pair link) plays like a lesson; its source lives in the page, not on the server.
      const pair = id === PAIR_LESSON ? useCompare.getState().pairLesson : undefined;
      let source = pair;
      if (source === undefined) {
        const res = await fetch(`lessons/${id}.lesson`);
        if (!res.ok)
          throw new Error(
            id === PAIR_LESSON ? 'the compared pair is no longer in this page; compare the traces again' : `there is no lesson "${id}"`,
          );
        source = await res.text();
      }
      const r = await engine().lesson(id, source);
      if (r.ok) setLesson(r.value);
      else setError(r.error.message);
    };
    run().catch((e: Error) => setError(e.message));
  }, [id]);
  const max = lesson ? Math.max(...lesson.traces.map((t) => t.events.length)) : 0;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!lesson) return;
      if (e.code === 'ArrowRight') go(id, Math.min(max, step + 1));
      else if (e.code === 'ArrowLeft') go(id, Math.max(0, step - 1));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lesson, id, step, max]);
  if (error)
    return (
      <p className="alert" role="alert">
        {error}
      </p>
    );
  if (!lesson) return <p className="muted">Loading the lesson…</p>;
  const firstFire = lesson.traces[1].violations[0]?.event;
  return (
    <main className="lesson">
      <header>
        <button type="button" className="link" onClick={() => go('', 0)}>
          ← all lessons
        </button>
        <h1>{lesson.title}</h1>
        {lesson.text && <p>{lesson.text}</p>}
      </header>
      <nav className="stepper" aria-label="Step through the traces">
        <button type="button" onClick={() => go(id, Math.max(0, step - 1))} disabled={step === 0}>
          ← Previous
        </button>
        <span>
          Step {step} of {max}
        </span>
        <button type="button" onClick={() => go(id, Math.min(max, step + 1))} disabled={step >= max}>
          Next →
        </button>
        {firstFire !== undefined && (
          <button type="button" onClick={() => go(id, firstFire + 1)}>
            Jump to where the rule fires
          </button>
        )}
      </nav>
      <div className="side-by-side">
        {lesson.traces.map((t) => (
          <TeachTrace key={t.label} trace={t} step={step} theme={theme} axisCount={max} />
        ))}
      </div>
      <div className="lesson-rule">
        <pre>{lesson.ruleText}</pre>
        {lesson.quote && <blockquote>{lesson.quote}</blockquote>}
        {lesson.reading && <p>{lesson.reading}</p>}
        {lesson.rules.map((r) => (
          <div key={r.id} className="muted">
            {r.id}: {r.cite}
          </div>
        ))}
      </div>
    </main>
  );
}

export function Teach() {
  const teach = useView((s) => s.teach);
  if (!teach) return null;
  return teach.lesson ? <LessonPage id={teach.lesson} step={teach.step} /> : <LessonGallery />;
}
