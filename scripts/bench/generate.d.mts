/** Writes a deterministic synthetic trace of `events` lines; returns how many violations it injected. */
export function generateTrace(path: string, events: number, seed?: number): Promise<{ events: number; injected: number }>;
