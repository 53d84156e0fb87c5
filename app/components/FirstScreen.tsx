/** The first screen: what vqscope does, where to drop a log, and the example gallery. */
import { useEffect, useState } from 'react';
import { loadExample } from '../load.ts';

export interface GalleryItem {
  file: string;
  title: string;
  summary: string;
  pack: string;
  rules?: string;
  talk?: boolean;
}

export function useGallery(): GalleryItem[] {
  const [items, setItems] = useState<GalleryItem[]>([]);
  useEffect(() => {
    fetch('examples/index.json')
      .then((r) => r.json())
      .then((j: GalleryItem[]) => setItems(j))
      .catch(() => setItems([]));
  }, []);
  return items;
}

export function FirstScreen() {
  const items = useGallery();
  return (
    <main className="first-screen">
      <p className="pitch">
        <strong>vqscope</strong> checks driver and device logs against the ordering rules of the VirtIO specification and shows, on a
        timeline per vring and buffer, which happens-before edge was broken.
      </p>
      <div className="drop-zone">
        <p>
          Drop a log file anywhere on this page, use <em>Open trace</em> above, or paste log text (Ctrl+V).
        </p>
        <p className="muted">
          Kernel log (dmesg, journalctl -k, /dev/kmsg), ftrace and kprobes, trace-cmd report, perf script, babeltrace2, bpftrace, QEMU trace
          log, Rust tracing (text or JSON), env_logger, Chrome trace JSON or plain lines; .gz too. Two files at once (QEMU and the guest of
          one run) are merged on one clock. Your file stays in this browser: it is read in a Web Worker and never uploaded.
        </p>
      </div>
      <h2>Examples</h2>
      <ul className="gallery" aria-label="Example traces">
        {items.map((it) => (
          <li key={it.file}>
            <button type="button" className="card" onClick={() => void loadExample(it.file, it.rules)}>
              <span className="card-title">
                {it.title}
                {it.talk && <span className="badge">talk case</span>}
              </span>
              <span className="card-summary">{it.summary}</span>
              <span className="card-file muted">
                {it.file} · {it.pack}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
