/** Source articles for web and browser tests: every segment kind the review page must keep apart, in Korean. */
export const MARKET_ARTICLE = `---
title: 장마당 물가 다시 올라
slug: market-prices
date: 2024-05-01
---

평양 장마당의 쌀값이 한 달 사이 두 배로 뛰었다.

## 배경

주민들은 **환율** 변동을 원인으로 꼽는다.

> 요즘은 하루 벌어 하루 먹기도 어렵다.

- 쌀 1kg: 8,000원
- 옥수수 1kg: 3,500원

당국은 가격 단속을 예고했다.
`;

/** Script tags and event-handler attributes in the source: they must show as text and never run. */
export const HOSTILE_ARTICLE = `---
title: "<script>window.__pwned = 'title'</script>제목"
slug: hostile
---

첫 문단 <img src=x onerror="window.__pwned='img'"> 그리고 <script>window.__pwned='body'</script> 끝.

<b onmouseover="window.__pwned='hover'">굵게</b> 두 번째 문단 &lt;script&gt;alert(1)&lt;/script&gt;
`;
