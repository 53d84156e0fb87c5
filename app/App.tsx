/** The page: top bar, then either the first screen or the trace view with its side panel. */
import { useEffect, useState } from 'react';
import { openPairFromFragment } from './compare-store.ts';
import { AlertBox } from './components/AlertBox.tsx';
import { ComparePanel } from './components/Compare.tsx';
import { Details, SharedText } from './components/Details.tsx';
import { FirstScreen } from './components/FirstScreen.tsx';
import { Header } from './components/Header.tsx';
import { HelpOverlay } from './components/HelpOverlay.tsx';
import { LaneFilter } from './components/LaneFilter.tsx';
import { Legend } from './components/Legend.tsx';
import { Overview } from './components/Overview.tsx';
import { Progress } from './components/Progress.tsx';
import { RulesPanel } from './components/RulesPanel.tsx';
import { Teach } from './components/Teach.tsx';
import { Timeline } from './components/Timeline.tsx';
import { ViolationList } from './components/ViolationList.tsx';
import { onEngineDeath, restartEngine } from './engine-client.ts';
import { onKeyDown } from './keyboard.ts';
import { abandonLoads, loadFile, loadFiles, loadText, loadUrl } from './load.ts';
import { openServedTrace, servedTrace } from './open-served.ts';
import { openFromFragment } from './share.ts';
import { useView } from './store.ts';
import { parseTeachRoute } from './teach-route.ts';

function useGlobalInput() {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const files = e.dataTransfer?.files;
      if (files && files.length > 0) void loadFiles(files);
    };
    const paste = (e: ClipboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT')) return;
      const f = e.clipboardData?.files?.[0];
      if (f) {
        void loadFile(f);
        return;
      }
      const text = e.clipboardData?.getData('text/plain');
      if (text?.trim()) void loadText(text);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);
  return dragging;
}

export function App() {
  const summary = useView((s) => s.summary);
  const teach = useView((s) => s.teach);
  const theme = useView((s) => s.theme);
  const sideTab = useView((s) => s.sideTab);
  const axisNote = useView((s) => (s.summary && s.axis === 'order' ? s.summary.axisNote : ''));
  const set = useView((s) => s.set);
  const dragging = useGlobalInput();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const url = new URLSearchParams(location.search).get('url');
    const served = servedTrace();
    void openFromFragment().then(async (wasLink) => {
      if (!wasLink && served) void openServedTrace(served);
      else if (!wasLink && !(await openPairFromFragment()) && url) void loadUrl(url);
    });
    const onHash = () => {
      const route = parseTeachRoute(location.hash);
      useView.getState().set({ teach: route });
      if (!route) void openFromFragment().then((wasLink) => wasLink || openPairFromFragment());
    };
    useView.getState().set({ teach: parseTeachRoute(location.hash) });
    window.addEventListener('hashchange', onHash);
    const stopDeathWatch = onEngineDeath((message) => {
      restartEngine();
      abandonLoads();
      useView.getState().set({
        loading: undefined,
        summary: undefined,
        alert: {
          title: 'The engine stopped',
          detail: `${message}. The trace it held is gone from memory; load it again (nothing was sent anywhere).`,
          reload: true,
        },
      });
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      stopDeathWatch();
    };
  }, []);

  return (
    <div className={`app${dragging ? ' dragging' : ''}`}>
      <Header />
      <Progress />
      <AlertBox />
      {teach ? (
        <Teach />
      ) : !summary ? (
        <FirstScreen />
      ) : (
        <main className="workspace">
          <section className="view" aria-label="Trace view">
            {axisNote && <p className="axis-note">{axisNote}</p>}
            {summary.warnings.length > 0 && (
              <details className="warnings">
                <summary>{summary.warnings.length} note(s) from reading the file</summary>
                <ul>
                  {summary.warnings.map((w) => (
                    <li key={`${w.line}:${w.message}`}>{w.line ? `line ${w.line}: ${w.message}` : w.message}</li>
                  ))}
                </ul>
              </details>
            )}
            <LaneFilter />
            <Timeline />
            <Overview />
            <Legend />
            <ComparePanel />
          </section>
          <aside className="side">
            <div className="tabs" role="tablist" aria-label="Side panel">
              <button type="button" role="tab" aria-selected={sideTab === 'violations'} onClick={() => set({ sideTab: 'violations' })}>
                Violations
              </button>
              <button type="button" role="tab" aria-selected={sideTab === 'rules'} onClick={() => set({ sideTab: 'rules' })}>
                Rules
              </button>
            </div>
            {sideTab === 'violations' ? (
              <>
                <ViolationList />
                <SharedText />
                <Details />
              </>
            ) : (
              <RulesPanel />
            )}
          </aside>
        </main>
      )}
      {dragging && <div className="drop-overlay">Drop the log to check it</div>}
      <HelpOverlay />
    </div>
  );
}
