/**
 * snd-pcm-lifecycle on QEMU's own virtio-snd events (hw/audio/trace-events):
 * SET_PARAMS and RELEASE are spelled without R_, PREPARE comes without a stream.
 */
import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../report.ts';
import { qemuLog } from './statement-cases.ts';

const code = (val: number, name: string) => `virtio_snd_handle_code ctrl code msg val = ${val} == VIRTIO_SND_R_PCM_${name}`;
const session = [
  code(257, 'SET_PARAMS'),
  'virtio_snd_handle_pcm_set_params VIRTIO_SND_PCM_SET_PARAMS called for stream 0',
  code(258, 'PREPARE'),
  code(260, 'START'),
  'virtio_snd_handle_pcm_start_stop VIRTIO_SND_R_PCM_START called for stream 0',
  code(261, 'STOP'),
  'virtio_snd_handle_pcm_start_stop VIRTIO_SND_R_PCM_STOP called for stream 0',
  code(259, 'RELEASE'),
  'virtio_snd_handle_pcm_release VIRTIO_SND_PCM_RELEASE called for stream 0',
];

function errors(lines: string[]) {
  const t = ingestText(qemuLog(lines), { fileName: 'snd.log' });
  return analyzeTrace(t.trace, {}).violations.filter((v) => !v.pending);
}

describe('snd-pcm-lifecycle on QEMU device traces', () => {
  it('reads SET_PARAMS, a stream-less PREPARE, START, STOP and RELEASE without a finding', () => {
    expect(errors(session).map((v) => `${v.rule}:${v.line}`)).toEqual([]);
  });

  it('reports RELEASE of a started stream at its line', () => {
    const broken = [
      ...session.slice(0, 5),
      code(259, 'RELEASE'),
      'virtio_snd_handle_pcm_release VIRTIO_SND_PCM_RELEASE called for stream 0',
    ];
    expect(errors(broken).map((v) => `${v.rule}:${v.line}`)).toEqual(['snd-pcm-lifecycle:7']);
  });
});
