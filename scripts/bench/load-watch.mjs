// What a load costs the page, measured from outside the app for `npm run bench`: the renderer's
// resident memory (workers are threads of the page's renderer process), long tasks on the main
// thread and the longest wait between two progress updates, how long Cancel takes to give the
// page back, how much ArrayBuffer memory the browser still gives, and how the page died if it did.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

const statusOf = (pid) => {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
};

/** The renderer processes of `browser`, read from /proc: resident set now and at its highest. */
export async function rendererWatch(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const pids = async () => (await cdp.send('SystemInfo.getProcessInfo')).processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  let known = await pids();
  const before = new Map(known.map((pid) => [pid, statusOf(pid)?.rss ?? 0]));
  /** Renderers started later (the page's own) count from their first sight. */
  const refresh = async () => {
    known = await pids().catch(() => known);
    for (const pid of known) if (!before.has(pid)) before.set(pid, statusOf(pid)?.rss ?? 0);
  };
  let peak = { pid: 0, grew: 0, hwm: 0 };
  let lastSample;
  const sample = () => {
    for (const pid of known) {
      const s = statusOf(pid);
      if (!s) continue;
      const grew = s.hwm - (before.get(pid) ?? 0);
      if (grew > peak.grew) peak = { pid, grew, hwm: s.hwm };
      lastSample = { pid, ...s, at: Date.now() };
    }
  };
  const timer = setInterval(sample, 500);
  const limit = () => {
    try {
      return /Max data size\s+(\S+)/.exec(readFileSync(`/proc/${known.at(-1)}/limits`, 'utf8'))?.[1];
    } catch {
      return undefined;
    }
  };
  return {
    refresh,
    /** RLIMIT_DATA of the renderer: unlimited under --no-sandbox; Chromium's sandbox sets 8 or 16 GiB. */
    dataLimit: limit,
    /** Growth of the resident set of the renderer that grew most, at its highest, since the watch began. */
    peakGrowth() {
      sample();
      return peak.grew;
    },
    rssNow() {
      sample();
      return Math.max(0, ...known.map((pid) => statusOf(pid)?.rss ?? 0));
    },
    last: () => lastSample,
    stop: () => clearInterval(timer),
  };
}

/** Starts watching the page's main thread and its progress bar; `collect()` says what was seen. */
export async function pageWatch(page) {
  await page.evaluate(() => {
    const w = { long: [], updates: [], texts: [], shownAt: 0, goneAt: 0, lastText: '' };
    window.__benchWatch = w;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.long.push(e.duration);
        // What the page showed when it was blocked (the progress, or that the load had ended).
        if (e.duration >= Math.max(0, ...w.long)) w.longestDuring = w.goneAt ? 'after the load' : w.lastText;
      }
    }).observe({ type: 'longtask' });
    const look = () => {
      const el = document.querySelector('.progress-label');
      const now = performance.now();
      if (!el) {
        if (w.shownAt && !w.goneAt) w.goneAt = now;
        return;
      }
      if (!w.shownAt) w.shownAt = now;
      if (el.textContent !== w.lastText) {
        w.lastText = el.textContent;
        w.updates.push(now);
        w.texts.push(el.textContent);
      }
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return {
    collect: () =>
      page.evaluate(() => {
        const w = window.__benchWatch;
        const t = [...w.updates, w.goneAt || performance.now()];
        let gap = 0;
        let gapAfter = '';
        for (let i = 1; i < t.length; i++)
          if (t[i] - t[i - 1] > gap) {
            gap = t[i] - t[i - 1];
            gapAfter = w.texts[i - 1];
          }
        return {
          longTasks: w.long.length,
          longTaskMaxMs: Math.round(Math.max(0, ...w.long)),
          longTaskTotalMs: Math.round(w.long.reduce((a, b) => a + b, 0)),
          longTaskMaxDuring: w.longestDuring ?? '',
          progressUpdates: w.updates.length,
          progressMaxGapMs: Math.round(gap),
          /** The progress shown when that wait began. */
          progressMaxGapAfter: gapAfter,
          lastProgress: w.lastText,
        };
      }),
  };
}

/**
 * Starts loading `file` again and clicks Cancel once `phase` is reached ('read': 40% of the bytes
 * read; 'check': rules being checked; 'lanes': the lanes being laid out).
 * Measures, in the page, from the click until an engine call answers (the page usable again).
 */
export async function cancelLatency(page, file, phase) {
  await page.getByLabel('Open trace').setInputFiles(file);
  const reached = await page
    .waitForFunction(
      (ph) => {
        const t = document.querySelector('.progress-label')?.textContent ?? '';
        if (ph === 'check') {
          const m = /Checking .*: ([\d,]+) of ([\d,]+)/.exec(t);
          return m !== null && Number(m[1].replace(/,/g, '')) > 0;
        }
        if (ph === 'lanes') return t.startsWith('Laying out');
        const m = /Reading .*: ([\d.]+) (GB|MB|KB) of ([\d.]+) (GB|MB|KB)/.exec(t);
        const unit = { KB: 1e3, MB: 1e6, GB: 1e9 };
        return m !== null && Number(m[1]) * unit[m[2]] >= 0.4 * Number(m[3]) * unit[m[4]];
      },
      phase,
      { timeout: 600_000, polling: 20 },
    )
    .then(() => true)
    .catch(() => false);
  if (!reached) return { phase, reached: false };
  return page.evaluate(async (ph) => {
    const button = document.querySelector('.progress button');
    if (!button) return { phase: ph, reached: false };
    const during = document.querySelector('.progress-label')?.textContent;
    const blob = new Blob(['x\n']);
    const t0 = performance.now();
    button.click();
    const firstEngine = window.__vqscopeEngine;
    for (;;) {
      const answered = await Promise.race([
        window.__vqscopeEngine.countLines(blob).then(() => true),
        new Promise((r) => setTimeout(() => r(false), 100)),
      ]);
      if (answered) break;
      if (performance.now() - t0 > 60_000) return { phase: ph, reached: true, during, ms: Number.NaN };
    }
    return {
      phase: ph,
      reached: true,
      during,
      ms: Math.round(performance.now() - t0),
      engineRestarted: window.__vqscopeEngine !== firstEngine,
    };
  }, phase);
}

/** ArrayBuffer memory the page can still get (pieces of 256 MiB in a throwaway worker, up to `upTo`). */
export function headroom(page, upTo = 64 * 2 ** 30) {
  return page.evaluate(async (max) => {
    const src = `onmessage = (e) => { const keep = []; let got = 0; let refused = ''; while (got < e.data) { try { keep.push(new ArrayBuffer(1 << 28)); got += 1 << 28; } catch (err) { refused = String(err); break; } } postMessage({ got, refused }); };`;
    const w = new Worker(URL.createObjectURL(new Blob([src])));
    const r = await new Promise((res) => {
      w.onmessage = (e) => res(e.data);
      w.onerror = (e) => res({ got: Number.NaN, refused: e.message });
      w.postMessage(max);
    });
    w.terminate();
    return r;
  }, upTo);
}

/** The last line of a file and the byte offset where it starts, read by Node, to compare with what the app reads back. */
export function lastLineOf(path, size) {
  const fd = openSync(path, 'r');
  const n = Math.min(size, 4096);
  const buf = Buffer.alloc(n);
  readSync(fd, buf, 0, n, size - n);
  closeSync(fd);
  const text = buf.toString('utf8').replace(/\r?\n$/, '');
  const line = text.slice(text.lastIndexOf('\n') + 1);
  return { text: line, offset: size - Buffer.byteLength(line) - (buf.at(-1) === 10 ? 1 : 0) };
}
