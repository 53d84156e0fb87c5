/** The CSS-pixel size of an element, kept up to date with a ResizeObserver. */
import { useEffect, useState } from 'react';

export function useSize(ref: React.RefObject<HTMLElement | null>, initial = { width: 800, height: 400 }) {
  const [size, setSize] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [ref]);
  return size;
}
