import { describe, expect, test } from 'vitest';
import { decodeShare, encodeShare } from '../src/share/shareLink';

describe('share links', () => {
  test('carry a step’s SQL, odd Unicode included, and give it back unchanged', async () => {
    const sql = "SELECT 'naïve café 🐘', e'\\u200b', 'ﷺ' AS \"ẞ\";\n-- tab\there\r\n";
    const fragment = await encodeShare({ kind: 'step', id: 'read-foo-from-users-0', sql });
    expect(fragment).toMatch(/^share=step:read-foo-from-users-0:[A-Za-z0-9_-]+$/);
    expect(await decodeShare(`#${fragment}`)).toEqual({ kind: 'step', id: 'read-foo-from-users-0', sql });
  });

  test('compress: a long migration fits in a link a browser accepts', async () => {
    const sql = 'INSERT INTO users_2 SELECT * FROM users_1 WHERE true;\n'.repeat(200);
    const fragment = await encodeShare({ kind: 'exercise', id: 'users-4', sql });
    expect(fragment.length).toBeLessThan(sql.length / 10);
    expect((await decodeShare(fragment))?.sql).toBe(sql);
  });

  test('anything damaged or not a share is ignored, never thrown', async () => {
    const good = await encodeShare({ kind: 'step', id: 'x', sql: 'SELECT 1' });
    const payload = good.split(':')[2] ?? '';
    for (const fragment of [
      '',
      '#step-register-foo',
      'share=',
      'share=table:x:AAAA',
      'share=step:Bad Id:AAAA',
      `share=step:x:${payload.slice(0, -3)}`,
      'share=step:x:____',
      // Valid deflate of bytes that are not UTF-8.
      `share=step:x:${Buffer.from([0x01, 0x01, 0x00, 0xfe, 0xff, 0xff]).toString('base64url')}`,
    ]) {
      expect(await decodeShare(fragment)).toBeUndefined();
    }
  });
});
