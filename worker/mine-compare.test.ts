import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { compareView } from './mine-compare.ts';

function side(name: string, lines: string[]) {
  const text = lines.join('\n');
  return { name, source: new Blob([text]), ingest: ingestText(text, { fileName: name, format: 'plain' }) };
}

describe('the comparison view', () => {
  it('labels each side’s lane with that side’s own key value when the addresses changed between runs', async () => {
    const a = side('a.log', [
      'send buf=0x55e3aaaa0001',
      'complete buf=0x55e3aaaa0001',
      'send buf=0x55e3aaaa0002',
      'complete buf=0x55e3aaaa0002',
    ]);
    const b = side('b.log', [
      'send buf=0x564fbbbb0001',
      'send buf=0x564fbbbb0002',
      'complete buf=0x564fbbbb0002',
      'complete buf=0x564fbbbb0001',
    ]);
    const v = await compareView(a, b, []);
    expect(v.lanes.length).toBeGreaterThan(0);
    for (const lane of v.lanes) {
      expect(lane.a.key).toMatch(/^buf 0x55e3aaaa000[12]$/);
      expect(lane.b.key).toMatch(/^buf 0x564fbbbb000[12]$/);
    }
    // Paired by order of first appearance: B's first buffer with A's first.
    expect(v.lanes.find((l) => l.b.key.endsWith('0001'))?.a.key).toBe('buf 0x55e3aaaa0001');
  });
});
