/**
 * The toolbar's part of following a growing file: the "Follow" toggle while a followed file is
 * read (the timeline keeps the newest events in view), and "Follow this file" for a file opened
 * with the browser's file picker, which the page can read again (Chromium's File System Access).
 */
import { followHandle, setTail, useFollow } from '../follow.ts';
import { useView } from '../store.ts';

export function FollowControls() {
  const source = useFollow((s) => s.source);
  const tail = useFollow((s) => s.tail);
  const handle = useFollow((s) => s.handle);
  const file = useView((s) => s.summary?.file);
  const merged = useView((s) => s.summary?.files !== undefined);
  if (source)
    return (
      <button
        type="button"
        className="follow-toggle"
        aria-pressed={tail}
        onClick={() => setTail(!tail)}
        title={tail ? 'Showing the newest events as they are written; pan away to stop' : 'Jump to the newest events and keep them in view'}
      >
        <span className="live-dot" aria-hidden="true" />
        Follow
      </button>
    );
  if (handle && file === handle.name && !merged)
    return (
      <button type="button" onClick={() => void followHandle(handle)} title="Read what is appended to this file, every second">
        Follow this file
      </button>
    );
  return null;
}
