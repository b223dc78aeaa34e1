import { describe, expect, it } from 'vitest';
import { shortcodesCheck } from '../../src/checks/shortcodes.ts';
import { KO_EN } from './ctx.ts';

describe('shortcodes check', () => {
  it('is an error', () => {
    expect(shortcodesCheck.severity).toBe('error');
  });

  it.each([
    ['협상은 {{&lt; ref "t.md" &gt;}} 이후다.', 'After {{&lt; ref "t.md" &gt;}}.'],
    ['{{% note %}}비공개{{% /note %}}', '{{% note %}}Private{{% /note %}}'],
    ['협상은 <x1/> 이후다.', 'After <x1/>.'],
    ['쇼트코드 없음', 'No shortcodes'],
    ['가', ''],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(shortcodesCheck.run(source, target, KO_EN)).toBeNull();
  });

  it.each([
    ['협상은 {{&lt; ref "t.md" &gt;}} 이후다.', 'It is after the talks.', { missing: ['{{< ref "t.md" >}}'], extra: [] }],
    [
      '협상은 {{&lt; ref "t.md" &gt;}} 이후다.',
      'After {{&lt; ref "talks.md" &gt;}}.',
      { missing: ['{{< ref "t.md" >}}'], extra: ['{{< ref "talks.md" >}}'] },
    ],
    ['협상은 <x1/> 이후다.', 'After <x1/> {{&lt; ref "t.md" &gt;}}.', { missing: [], extra: ['{{< ref "t.md" >}}'] }],
    ['{{% note %}}비공개{{% /note %}}', '{{% note %}}Private{{% /note', { missing: ['{{% /note %}}'], extra: ['{{%'] }],
    ['사진', 'Photo {{&lt; figure src="a.jpg" }}', { missing: [], extra: ['{{<'] }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(shortcodesCheck.run(source, target, KO_EN)).toEqual(detail);
  });
});
