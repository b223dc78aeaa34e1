import { describe, expect, it } from 'vitest';
import { confidentialCheck } from '../../src/checks/terminology.ts';
import type { CheckContext } from '../../src/core/ports/check.ts';
import { KO_EN } from './ctx.ts';
import { strictT } from './strict-translate.ts';

/**
 * The confidential check's error names the rendering to write instead of each name found, so the translator of the
 * article knows what to put there (they may see it; readers and logs never see check details).
 */

const CTX: CheckContext = {
  ...KO_EN,
  confidential: [
    { term: '김철수', render: 'a source in Hyesan', forms: ['Kim Chol-su'] },
    { term: '박영희', render: 'a trader' },
  ],
};

describe('the confidential check names the rendering', () => {
  it('when one name is spelled out, then the sentence says which rendering to write, in English and Korean', () => {
    const detail = confidentialCheck.run('김철수 씨는 말했다', 'KIM CHOL-SU said', CTX)!;
    expect(detail).toEqual({ leaked: ['Kim Chol-su'], renderings: ['a source in Hyesan'] });
    expect(confidentialCheck.describe(detail, strictT('en'))).toBe(
      'the confidential term “Kim Chol-su” appears in the translation; write “a source in Hyesan” instead',
    );
    expect(confidentialCheck.describe(detail, strictT('ko'))).toBe(
      '기밀 용어가 번역문에 그대로 나옵니다. 정해진 대체 표현으로 바꾸세요: ‘Kim Chol-su’ 대신 ‘a source in Hyesan’',
    );
  });

  it('when two names are spelled out, then each is paired with its own rendering', () => {
    const detail = confidentialCheck.run('김철수와 박영희', '김철수 and 박영희', CTX)!;
    expect(detail).toEqual({ leaked: ['김철수', '박영희'], renderings: ['a source in Hyesan', 'a trader'] });
    expect(confidentialCheck.describe(detail, strictT('en'))).toBe(
      'confidential terms appear in the translation; write their renderings instead: “a source in Hyesan” for “김철수” and “a trader” for “박영희”',
    );
  });

  it('when a detail was stored before renderings were recorded, then it still reads, naming the terms', () => {
    expect(confidentialCheck.describe({ leaked: ['김철수'] } as never, strictT('en'))).toBe(
      'the confidential term “김철수” appears in the translation; use its rendering instead',
    );
  });
});
