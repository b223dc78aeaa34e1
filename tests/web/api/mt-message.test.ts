import { describe, expect, it } from 'vitest';
import { editorApi } from './editor-api.ts';

/**
 * The MT state the API answers (`GET /mt`, and `machineTranslation` of `GET /status`): `message` is for people, worded
 * in the caller's language; the MT service's English sentence (which names the variable to set and the command to
 * run) is `operatorMessage`, the one `tandem` prints when it talks to a server.
 */

const { server, token } = await editorApi('mt-message');

async function get(path: string, language: string): Promise<Record<string, unknown>> {
  const res = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token}`, 'accept-language': language } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('the API’s machine-translation message', () => {
  it.each([
    ['en', 'Machine translation is off. To turn it on, set', 'your DeepL API key'],
    ['ko', '기계 번역이 꺼져 있습니다.', 'DeepL API 키'],
  ])('when GET /api/v1/mt and /api/v1/status are asked in %s, then message is worded in that language', async (language, start, hint) => {
    const mt = await get('/api/v1/mt', language);
    const status = (await get('/api/v1/status', language)).machineTranslation as Record<string, unknown>;
    for (const answer of [mt, status]) {
      expect(String(answer.message).startsWith(start)).toBe(true);
      // The provider's hint too (mt:configHints), never the adapter's English description inside another language.
      expect(String(answer.message)).toContain(hint);
      // The service's own sentence, for operators and the command line: English whatever the caller reads.
      expect(answer.operatorMessage).toMatch(/^Machine translation is off: to turn it on, set .+ Segments wait for a human translator\.$/);
    }
  });
});
