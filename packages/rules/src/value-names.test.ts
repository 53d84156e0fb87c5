import { ingestText } from '@vqscope/trace';
import { describe, expect, it } from 'vitest';
import { checkTrace } from './checker.ts';
import { builtinValueNames } from './packs/index.ts';
import { parseRules, type RuleFileError } from './parse-rules.ts';
import { printRules } from './print-rules.ts';
import { ValueDecoder } from './value-names.ts';

const VHOST = `values vhost_user_write.req, vhost_user_read.req: GET_FEATURES=1, SET_FEATURES=2,
  GET_PROTOCOL_FEATURES=15, SET_PROTOCOL_FEATURES=16
values vhost_user_*.flags bits: VERSION_1=0x1, REPLY=0x4, NEED_REPLY=0x8
`;

function qemu(lines: string[]) {
  return ingestText(`${lines.map((l, k) => `100@1700000000.${String(k).padStart(6, '0')}:${l}`).join('\n')}\n`, { fileName: 'q.log' })
    .trace;
}

describe('value names', () => {
  it('reads a values block with continuation lines, and prints it back to the same declarations', () => {
    const f = parseRules(VHOST);
    expect(f.values.map((v) => [v.scopes, v.bits, v.names.length])).toEqual([
      [
        [
          { event: 'vhost_user_write', field: 'req' },
          { event: 'vhost_user_read', field: 'req' },
        ],
        false,
        4,
      ],
      [[{ event: 'vhost_user_*', field: 'flags' }], true, 3],
    ]);
    expect(parseRules(printRules(f)).values).toEqual(f.values.map((v) => ({ ...v, where: expect.anything() })));
  });

  it('names the file, line and column of a bad pair', () => {
    try {
      parseRules('values x.val: A=1, B=two\n', 'my.rules');
      expect.unreachable();
    } catch (e) {
      expect((e as RuleFileError).errors[0]).toMatchObject({
        file: 'my.rules',
        line: 1,
        column: 20,
        message: expect.stringMatching(/NAME=NUMBER.*"B=two"/),
      });
    }
  });

  it('decodes bit flags and enumerations, the most specific scope first', () => {
    const d = new ValueDecoder(parseRules(`${VHOST}values req: ANY=1\n`).values);
    expect(d.decode('vhost_user_write', 'flags', '0x9')).toBe('VERSION_1|NEED_REPLY');
    expect(d.decode('vhost_user_read', 'flags', '0x5')).toBe('VERSION_1|REPLY');
    expect(d.decode('vhost_user_read', 'flags', '0x31')).toBe('VERSION_1|0x30');
    expect(d.decode('vhost_user_write', 'req', '15')).toBe('GET_PROTOCOL_FEATURES');
    expect(d.decode('other_event', 'req', '1')).toBe('ANY');
    expect(d.decode('vhost_user_write', 'req', '99')).toBeUndefined();
    expect(d.describe('vhost_user_write', 'req', '2')).toBe('req 2 = SET_FEATURES');
  });

  it('built-in packs name the device status bits (§2.1)', () => {
    const d = new ValueDecoder(builtinValueNames());
    expect(d.decode('virtio_set_status', 'val', '11')).toBe('ACKNOWLEDGE|DRIVER|FEATURES_OK');
    expect(d.decode('virtio_set_status', 'val', '15')).toBe('ACKNOWLEDGE|DRIVER|DRIVER_OK|FEATURES_OK');
  });

  it('lets selectors use the names, and names the offending request in the message', () => {
    const rules = parseRules(`${VHOST}vhost_user_read[req=GET_FEATURES] precedes vhost_user_write[req=SET_FEATURES]\n`).rules;
    const good = qemu(['vhost_user_write req=1 flags=0x1', 'vhost_user_read req=1 flags=0x5', 'vhost_user_write req=2 flags=0x1']);
    const bad = qemu(['vhost_user_write req=1 flags=0x1', 'vhost_user_write req=2 flags=0x9']);
    expect(checkTrace(good, rules).violations).toEqual([]);
    const v = checkTrace(bad, rules).violations;
    expect(v.map((x) => x.line)).toEqual([2]);
    expect(v[0].message).toContain('`vhost_user_write` (req 2 = SET_FEATURES, flags 0x9 = VERSION_1|NEED_REPLY) (line 2)');
  });
});

describe('value names in the device-status messages', () => {
  it('names the cleared status bit and the status that was there (§2.1.1)', () => {
    const t = qemu(['virtio_set_status vdev 0x1 val 15', 'virtio_set_status vdev 0x1 val 11']);
    const pack = parseRules(
      'values virtio_set_status.val bits: ACKNOWLEDGE=1, DRIVER=2, DRIVER_OK=4, FEATURES_OK=8\nper vdev: virtio_set_status keeps bits of val\n',
    );
    const [v] = checkTrace(t, pack.rules).violations;
    expect(v.message).toBe(
      '`virtio_set_status` vdev 0x1 (line 2) clears bit(s) 0x4 = DRIVER_OK (was 0xf = ACKNOWLEDGE|DRIVER|DRIVER_OK|FEATURES_OK, now 0xb = ACKNOWLEDGE|DRIVER|FEATURES_OK) without a reset',
    );
  });
});
