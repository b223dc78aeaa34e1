/**
 * Times opening a translation memory of 100,000 entries and fuzzy lookups in it (`npm run bench:memory`).
 * Target: p99 under 20 ms. Entries are paragraphs of 150–400 characters (the unit a news article is segmented into),
 * generated from Korean news vocabulary with particles attached, deterministically, so runs are comparable. The
 * memory is the real lowdb log in a temp directory, opened twice: cold (every entry indexed) and from the index saved
 * beside it, as every later start opens it. Lookups run on the second.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbTranslationMemoryStore } from '../src/adapters/storage/lowdb/translation-memory-store.ts';
import type { MemoryEntry } from '../src/core/ports/translation-memory-store.ts';
import { MemoryService } from '../src/services/memory.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 1_000);

// mulberry32: 32-bit integer arithmetic throughout. (A multiplicative generator in doubles loses its low bits past
// 2^53 and falls into a short cycle, which repeated the same few thousand texts.)
let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
function pick<T>(list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

// Real news nouns plus a long tail of generated ones: a real archive has tens of thousands of distinct words (names,
// places, organisations), and that tail is what makes an n-gram index selective. Word frequency is skewed (Zipf-like).
const COMMON = `북한 당국 주민 장마당 평양 혜산 국경 밀수 단속 외화 달러 위안 쌀값 옥수수 노동당 간부 보위부 안전원 군인 조선인민군
김정은 위원장 회의 훈련 미사일 발사 대북제재 중국 러시아 무역 세관 휘발유 전기 배급 식량 가격 시장 상인 여성 청년 학생 농장 협동농장
공장 기업소 노동자 소식통 데일리NK 취재 결과 지역 도시 농촌 겨울 여름 장마 홍수 피해 복구 건설 살림집 주택 병원 의약품 코로나 방역
국경봉쇄 탈북 탈북민 송환 처벌 교화소 노동단련대 재판 검열 조사 사상 교육 선전 강연 행사 기념일 명절 생일 선물 충성 자금 과제 동원
전투 계획 목표 실적 보고 지시 방침 정책 개혁 경제 재정 은행 환율 물가 수입 수출 운송 철도 버스 택시 휴대전화 손전화 통화 감시 전파`.split(
  /\s+/,
);
const SYLLABLES = [
  ...'가각간갈감강개거건걸검게격견결경계고곡공과관광교구국군권귀규균그극근금기길김나남내녀년노농뇌누눈다단달담당대덕도독동두둔득등라락란람랑래량려력련령로록론료룡류륙리린림마만말망매맥면명모목몽묘무문물미민박반발방배백번범법벽변별병보복본봉부북분불비빈사산살삼상색생서석선설섬성세소속손송수숙순술승시식신실심아악안암압앙애야약양어억언엄업여역연열염영예오옥온완왕외요용우운웅원월위유육윤은을음읍응의이익인일임입자작잔장재쟁저적전절점정제조족존종좌주죽준중즉증지직진질집징차착찬참창채책처천철첨청체초촌총최추축춘출충취측층치칙친침칭쾌타탁탄탈탐탑태택토통퇴투특파판팔패편평폐포폭표품풍피필하학한할함합항해핵행향허헌혁현혈협형혜호혹혼홍화확환활황회획효후훈휘휴흉흑흥희',
];
const TAIL = Array.from({ length: 20_000 }, () => {
  const n = 2 + Math.floor(random() * 2);
  let word = '';
  for (let i = 0; i < n; i++) word += pick(SYLLABLES);
  return word;
});
function noun(): string {
  if (random() < 0.45) return pick(COMMON);
  return TAIL[Math.floor(TAIL.length * random() ** 2)]!;
}
const PARTICLES = ['은', '는', '이', '가', '을', '를', '의', '에', '에서', '으로', '와', '도', '만', ''];
const VERBS = [
  '밝혔다.',
  '전했다.',
  '알려졌다.',
  '강화됐다.',
  '진행됐다.',
  '늘었다.',
  '줄었다.',
  '올랐다.',
  '떨어졌다.',
  '지시했다.',
  '확인됐다.',
];

function sentence(): string {
  const words: string[] = [];
  const n = 5 + Math.floor(random() * 9);
  for (let i = 0; i < n; i++) words.push(noun() + pick(PARTICLES));
  if (random() < 0.5) words.splice(2, 0, `${1 + Math.floor(random() * 12)}월 ${1 + Math.floor(random() * 28)}일`);
  words.push(pick(VERBS));
  return words.join(' ');
}

// A news paragraph: sentences until it is 150–400 characters long, most between 200 and 300, like the paragraphs of
// a Daily NK article (a source, a reported fact, a quote or a number, the reporter's context).
function paragraph(): string {
  const target = 150 + Math.floor(((random() + random() + random()) / 3) * 250);
  let text = sentence();
  while (text.length < target) {
    const next = sentence();
    if (text.length + 1 + next.length > 400) break;
    text += ` ${next}`;
  }
  return text.length >= 150 ? text : `${text} ${sentence()}`.slice(0, 400);
}

// What an editor changes when a paragraph comes back: a word (a name, a place), a date or number, a clause added.
function perturb(text: string): string {
  const words = text.split(' ');
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(random() * (words.length - 1));
    const kind = random();
    if (kind < 0.5) words[i] = noun() + pick(PARTICLES);
    else if (kind < 0.8) words[i] = `${1 + Math.floor(random() * 31)}일`;
    else words.splice(i, 0, noun() + pick(PARTICLES), noun() + pick(PARTICLES));
  }
  return words.join(' ');
}

const dir = await mkdtemp(join(tmpdir(), 'tandem-bench-memory-'));
const path = join(dir, 'memory', 'tm.jsonl');
const baseline = process.memoryUsage();
const sources: string[] = [];
const writer = new LowdbTranslationMemoryStore(path);
for (let i = 0; i < ENTRIES; i += 5_000) {
  const batch: MemoryEntry[] = [];
  for (let k = i; k < Math.min(ENTRIES, i + 5_000); k++) {
    const source = paragraph();
    sources.push(source);
    batch.push({
      id: `tm-bench-${k}`,
      sourceLocale: 'ko',
      targetLocale: 'en',
      source,
      target: `translation ${k}`,
      slug: null,
      segmentId: null,
      approvedAt: '2026-03-20T09:00:00.000Z',
      approvedBy: 'bench',
      origin: 'import',
    });
  }
  await writer.add(batch);
}
await writer.close();

/** Wall and process CPU milliseconds of `task`. */
async function timed(task: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await task();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

// Cold: no saved index, every entry tokenized (the first start after an upgrade, or after the index file is lost).
let cold: MemoryService | null = new MemoryService({ store: new LowdbTranslationMemoryStore(path) });
const coldLoad = await timed(() => cold!.load());
const save = await timed(() => cold!.saveIndex());
const indexBytes = (await stat(new LowdbTranslationMemoryStore(path).indexPath)).size;
const checks = sources.slice(0, 50).map(perturb);
const answers = async (memory: MemoryService) =>
  JSON.stringify(
    await Promise.all(
      checks.map(async (q) => (await memory.lookup(q, { targetLocale: 'en', threshold: 75, limit: 5 })).map((m) => [m.entry.id, m.score])),
    ),
  );
const coldAnswers = await answers(cold);
cold = null;
// Every later start: the log read, the index loaded from disk, nothing tokenized.
const store = new LowdbTranslationMemoryStore(path);
const service = new MemoryService({ store });
const warmLoad = await timed(() => service.load());
const sameAnswers = (await answers(service)) === coldAnswers;
let peak = process.memoryUsage().rss;
// Warm-up lookups (not measured) so the numbers describe a running server, not the JIT compiling the code.
for (let i = 0; i < 50; i++) await service.lookup(perturb(pick(sources)), { targetLocale: 'en' });

const times: number[] = [];
const queries: string[] = [];
// CPU time of the lookup thread too: on a busy machine wall-clock tails include time spent waiting for a core.
const cpuTimes: number[] = [];
let hits = 0;
for (let i = 0; i < LOOKUPS; i++) {
  // Half the lookups are near an existing entry (a changed word), half are new text.
  const query = i % 2 === 0 ? perturb(pick(sources)) : paragraph();
  queries.push(query);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const matches = await service.lookup(query, { targetLocale: 'en', threshold: 75, limit: 5 });
  times.push(performance.now() - start);
  const cpu = process.cpuUsage(cpuStart);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  if (matches.length) hits += 1;
  if (i % 100 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
peak = Math.max(peak, process.memoryUsage().rss);
// The same lookups again, as a reloaded review page asks them: answered from the match cache.
const cached: number[] = [];
for (const query of queries.slice(0, 500)) {
  const start = performance.now();
  await service.lookup(query, { targetLocale: 'en', threshold: 75, limit: 5 });
  cached.push(performance.now() - start);
}
cached.sort((a, b) => a - b);
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const at = (q: number, list = times) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const distinct = new Set(sources).size;
const lengths = sources.map((t) => t.length).sort((a, b) => a - b);
const seconds = (t: { wall: number; cpu: number }) => `${(t.wall / 1000).toFixed(1)} s wall, ${(t.cpu / 1000).toFixed(1)} s CPU`;
console.log(`entries: ${(await service.size()).toLocaleString('en')}`);
console.log(`open, cold (every entry indexed): ${seconds(coldLoad)}; index saved in ${seconds(save)} (${mb(indexBytes)})`);
console.log(`open, from the saved index:       ${seconds(warmLoad)}; same answers as the cold index: ${sameAnswers ? 'yes' : 'NO'}`);
console.log(
  `entry length: ${lengths[0]}–${lengths[lengths.length - 1]} characters, median ${lengths[lengths.length >> 1]}; ${distinct.toLocaleString('en')} distinct`,
);
console.log(`lookups: ${LOOKUPS} (fuzzy, threshold 75, limit 5), ${hits} with matches`);
console.log(`median: ${at(0.5).toFixed(2)} ms   p99: ${at(0.99).toFixed(2)} ms   max: ${times[times.length - 1]!.toFixed(2)} ms`);
console.log(`cached (same lookups again): median ${at(0.5, cached).toFixed(3)} ms   p99 ${at(0.99, cached).toFixed(3)} ms`);
console.log(
  `cpu time: median ${at(0.5, cpuTimes).toFixed(2)} ms   p99 ${at(0.99, cpuTimes).toFixed(2)} ms (process CPU, includes GC threads)`,
);
console.log(
  `load average: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);
console.log(`peak memory: ${mb(peak)} RSS (heap used ${mb(process.memoryUsage().heapUsed)}; before loading ${mb(baseline.rss)} RSS)`);
console.log(at(0.99) < 20 ? 'p99 target (< 20 ms): met' : 'p99 target (< 20 ms): NOT met');
await rm(dir, { recursive: true, force: true });
