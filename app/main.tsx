import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { frameModel } from './draw/frame.ts';
import { engine } from './engine-client.ts';
import { useView } from './store.ts';
import './styles.css';

// `npm run bench` drives the engine directly on /?bench to time the floor (a bare line count) in the same worker;
// a getter, because a cancel may replace the engine (cancel-load.ts).
if (new URLSearchParams(location.search).has('bench')) {
  Object.defineProperty(window, '__vqscopeEngine', { get: engine });
  Object.assign(window, { __vqscopeView: useView });
}

// What the timeline drew, in numbers, for the e2e tests and for anyone curious in the devtools.
Object.assign(window, { __vqscopeFrame: frameModel });

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
