import { decodeInput, formatForFile } from '../../src/adapters/formats/index.ts';
import { MemoryStore } from '../../src/adapters/storage/memory-store.ts';
import type { ServiceDeps } from '../../src/services/types.ts';

/** Services over a MemoryStore and the real formats, with a clock that ticks a second per call and numbered ids. */
export function testDeps(overrides: Omit<Partial<ServiceDeps>, 'store'> = {}): ServiceDeps & { store: MemoryStore } {
  let tick = 0;
  let id = 0;
  return {
    store: new MemoryStore(),
    formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
    targetLocales: ['en', 'ja'],
    now: () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++)),
    newSegmentId: () => `s-${++id}`,
    ...overrides,
  };
}

export function article(title: string, paragraphs: readonly string[], extra = ''): string {
  return `---\ntitle: ${title}\n${extra}---\n\n${paragraphs.join('\n\n')}\n`;
}

export const P1 = '북한 장마당에서 쌀값이 한 달 새 20% 올랐다.';
export const P2 = '평양의 환율은 달러당 8천 원 선에서 거래됐다.';
export const P3 = '탈북민 단체는 국경 경비가 강화됐다고 전했다.';
export const P2_EDITED = '평양의 환율은 달러당 8천5백 원 선에서 거래됐다.';
export const NEW = '조선중앙통신은 새 미사일 시험 발사 소식을 보도했다.';
