/**
 * The vocabulary numbers.ts reads numbers with: East Asian units written after digits, numerals spelled in Hangul or
 * Han characters, Korean counters, English number words and month names. Tables only; the reading rules are in
 * numbers.ts.
 */

/** A numeral character: a digit (`三`, `삼`), a unit that scales the digit before it (`十`, `천`) or a ten-thousand group unit (`万`, `억`). */
export interface NumeralToken {
  readonly kind: 'digit' | 'small' | 'big';
  readonly value: number;
}

/** A numeral table: `digits` with their `values`, then units of 10, 100, 1000 and groups of 10^4, 10^8, 10^12, in that order. */
function tokens(digits: string, small: string, big: string, values: readonly number[]): [string, NumeralToken][] {
  return [
    ...[...digits].map((ch, i) => [ch, { kind: 'digit', value: values[i]! }] as [string, NumeralToken]),
    ...[...small].map((ch, i) => [ch, { kind: 'small', value: 10 ** (i + 1) }] as [string, NumeralToken]),
    ...[...big].map((ch, i) => [ch, { kind: 'big', value: 10 ** (4 * (i + 1)) }] as [string, NumeralToken]),
  ];
}

/**
 * Units after digits (`2만`, `3천5백만`, `3.5万亿`, `1亿零2万`). `兆` is 10^12 as in Japanese and Korean (조) and in
 * traditional Chinese usage; mainland Chinese writes 10^12 as 万亿 and uses 兆 for mega- before a unit of measure
 * (`兆瓦` megawatt, `兆字节` megabyte), so before one of MEGA_UNITS it is 10^6 (see numbers.ts).
 */
export const UNITS_AFTER_DIGITS: ReadonlyMap<string, NumeralToken> = new Map([
  ...tokens('', '', '만억조', []),
  ...tokens('', '', '万亿兆', []),
  ...tokens('', '', '萬億', []),
  ['백', { kind: 'small', value: 1e2 }],
  ['천', { kind: 'small', value: 1e3 }],
  ['百', { kind: 'small', value: 1e2 }],
  ['千', { kind: 'small', value: 1e3 }],
]);

/** What follows `兆` when it means mega- (10^6) rather than 10^12: units of measure in mainland Chinese. */
export const MEGA_UNITS: readonly string[] = ['字节', '比特', '瓦', '赫', '帕', '伏', '欧', '焦', '吨', '位'];

/** Chinese and Japanese numerals (`三`, `二十`, `千亿`, `二〇二四`); `零` and `〇` are zero and fill a gap (`一亿零二万`). */
export const HAN_NUMERALS: ReadonlyMap<string, NumeralToken> = new Map([
  ...tokens('〇零一二两兩三四五六七八九', '十百千', '万亿兆', [0, 0, 1, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9]),
  ...tokens('', '', '萬億', []),
]);

/** Sino-Korean numerals written in Hangul (`삼십`, `이백`, `오천만`). 영 and 공 (zero) are left out: they are mostly other words. */
export const HANGUL_NUMERALS: ReadonlyMap<string, NumeralToken> = new Map(
  tokens('일이삼사오육륙칠팔구', '십백천', '만억조', [1, 2, 3, 4, 5, 6, 6, 7, 8, 9]),
);

/**
 * Counters a lone Han numeral must be followed by to count as a number (`三人`, `一つ`, `五年`): a lone `一` is part of
 * too many words (统一, 一緒) to be read on its own. Left out as they also make words with 一: 起 (一起 together), 点
 * (一点 a little), 时 (一时 for a while), 分 (十分 very), 成.
 */
export const HAN_COUNTERS = new Set([
  ...'个人名位年月日天次家只件本辆座岁歳倍项条张台架艘例回度つ枚冊匹頭羽軒杯社国期周週秒号號层層栋棟首届屆场場轮輪',
]);

/** Native Korean tens (`스무 살`, `서른두 명`); 스무 is the form of 스물 before a counter. */
export const NATIVE_TENS: ReadonlyMap<string, number> = new Map([
  ['열', 10],
  ['스무', 20],
  ['스물', 20],
  ['서른', 30],
  ['마흔', 40],
  ['쉰', 50],
  ['예순', 60],
  ['일흔', 70],
  ['여든', 80],
  ['아흔', 90],
]);

/** Native Korean units in the form they take before a counter; approximate pairs (`두세 명`, two or three) give both values. */
export const NATIVE_UNITS: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ['한', [1]],
  ['첫', [1]],
  ['두', [2]],
  ['세', [3]],
  ['석', [3]],
  ['네', [4]],
  ['넉', [4]],
  ['다섯', [5]],
  ['여섯', [6]],
  ['일곱', [7]],
  ['여덟', [8]],
  ['아홉', [9]],
  ['한두', [1, 2]],
  ['두세', [2, 3]],
  ['서너', [3, 4]],
  ['너덧', [4, 5]],
  ['네댓', [4, 5]],
  ['너댓', [4, 5]],
  ['대여섯', [5, 6]],
  ['예닐곱', [6, 7]],
]);

/**
 * Korean counters a number is read before (`세 명`, `열 개`, `1박`). A native numeral counts only when a counter
 * follows it, since 한, 세, 네 and 열 are also ordinary words and word parts (한국, 한다, 세계, 네가, 열린).
 */
export const COUNTERS: readonly string[] = [
  ...['명', '사람', '분', '개', '개월', '살', '세', '번', '번째', '마리', '권', '채', '시', '시간', '달', '해', '주', '주일'],
  ...['가지', '곳', '군데', '대', '잔', '병', '장', '벌', '켤레', '그루', '송이', '척', '통', '쌍', '배', '줄', '자루'],
  ...['차례', '끼', '판', '세대', '가구', '년', '개국', '가정', '건', '회', '차'],
];

/**
 * Counters that are read only after a space (`세 대`, `한 시`): written without one they are mostly a word of their
 * own (세대 generation, 한시 limited time, 열대 tropics, 세배 New Year's bow, 두부 tofu is not even a counter).
 */
export const SPACED_COUNTERS = new Set([
  '분',
  '세',
  '시',
  '해',
  '주',
  '대',
  '장',
  '배',
  '줄',
  '통',
  '판',
  '끼',
  '벌',
  '척',
  '쌍',
  '병',
  '차',
  '회',
  '건',
]);

/** Units a Sino-Korean numeral in Hangul is read before, besides the counters (`삼천 원`, `이십 일`). */
export const SINO_UNITS: readonly string[] = [
  '원',
  '달러',
  '위안',
  '엔',
  '유로',
  '파운드',
  '일',
  '퍼센트',
  '톤',
  '킬로그램',
  '킬로미터',
  '미터',
];

/** More counters a digit 1 may carry into an article or preposition (`1인당` per person, `1박` a night, `1위` top). */
export const DIGIT_COUNTERS: readonly string[] = [...COUNTERS, '인', '인분', '박', '층', '위', '등', '호', '표', '석', '회차'];

/** What may follow a counter besides particles: ordinal 째, duration 간, per 당, approximations (쯤, 가량, 남짓, 여). */
export const COUNTER_SUFFIXES: readonly string[] = ['째', '간', '당', '쯤', '가량', '남짓', '여', '배기'];

/** English scale words after digits or a number word (`1.5 billion`, `$2bn`, `two million`). */
export const SCALE_WORDS: ReadonlyMap<string, number> = new Map([
  ['hundred', 1e2],
  ['thousand', 1e3],
  ['million', 1e6],
  ['mn', 1e6],
  ['billion', 1e9],
  ['bn', 1e9],
  ['trillion', 1e12],
  ['tn', 1e12],
]);

/** English number words, read as soft numbers. */
export const WORD_NUMBERS: ReadonlyMap<string, number> = new Map([
  ...['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].map((w, i) => [w, i + 1] as const),
  ...['eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].map(
    (w, i) => [w, i + 11] as const,
  ),
  ...['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((w, i) => [w, (i + 2) * 10] as const),
  ...['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'].map((w, i) => [w, i + 1] as const),
  ['hundred', 100],
  ['once', 1],
  ['twice', 2],
  ['dozen', 12],
  ['dozens', 12],
  ['decade', 10],
  ['decades', 10],
]);

/** English month names and abbreviations. */
export const MONTHS: ReadonlyMap<string, number> = new Map([
  ...['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].map(
    (m, i) => [m, i + 1] as const,
  ),
  ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1] as const),
  ['sept', 9],
]);

/** What a quantity word stands for: a fraction (its parts), a multiple (its factor) or an article (`a`, one). */
export interface QuantityWord {
  readonly kind: 'fraction' | 'multiple' | 'article';
  /** The numbers a text written with digits may have where this word is: `a tenth` 1 and 10 (10분의 1), `half` 1, 2 and 50 (%). */
  readonly values: readonly number[];
}

const fraction = (...values: number[]): QuantityWord => ({ kind: 'fraction', values });
const multiple = (factor: number): QuantityWord => ({ kind: 'multiple', values: [factor] });
const HALF = fraction(1, 2, 50);
const ENGLISH_DENOMINATORS = ['fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'] as const;

/**
 * Words for small fractions, multiples and the article one, in every language the checks read, each with the numbers
 * a text written with digits has in its place: `a tenth` and `十分之一` for 10분의 1, `half`, `절반` and `一半` for 50%
 * or 2분의 1, `doubled` and `倍増` for 2배. Like every spelled number they only excuse a number of the other text,
 * never raise one (numbers.ts). An English fraction takes `a`/`an` as its 1 (`a tenth`, `a quarter`); before anything
 * else `a`/`an` stands only for a counted 1 (`1명` a person), never for a 1 written on its own.
 */
export const QUANTITY_WORDS: ReadonlyMap<string, QuantityWord> = new Map([
  ['a', { kind: 'article', values: [1] }],
  ['an', { kind: 'article', values: [1] }],
  ...['half', 'halves', 'halve', 'halved', 'halving'].map((w) => [w, HALF] as const),
  ['third', fraction(3)],
  ['thirds', fraction(3)],
  ['quarter', fraction(4, 25)],
  ['quarters', fraction(4, 25)],
  ...ENGLISH_DENOMINATORS.flatMap((w, i) => [[w, fraction(i + 5)] as const, [`${w}s`, fraction(i + 5)] as const]),
  ['twelfth', fraction(12)],
  ['twelfths', fraction(12)],
  ['hundredth', fraction(100)],
  ['hundredths', fraction(100)],
  ['thousandth', fraction(1000)],
  ['thousandths', fraction(1000)],
  ...['double', 'doubled', 'doubles', 'doubling', 'twofold'].map((w) => [w, multiple(2)] as const),
  ...['triple', 'tripled', 'triples', 'tripling', 'treble', 'trebled', 'thrice', 'threefold'].map((w) => [w, multiple(3)] as const),
  ...['quadruple', 'quadrupled', 'quadruples', 'fourfold'].map((w) => [w, multiple(4)] as const),
  ['tenfold', multiple(10)],
  ['hundredfold', multiple(100)],
  // Korean: 절반 half; 곱절 and 갑절 double (두 배, 2배 are read as numbers already).
  ['절반', HALF],
  ['곱절', multiple(2)],
  ['갑절', multiple(2)],
  // Chinese and Japanese: 一半 半数 过半 半額 half; 倍增 翻倍 加倍 double (2倍, 两倍 are read as numbers already).
  ...['一半', '半数', '半數', '过半', '過半', '半分', '半额', '半額', '半价', '半價', '半値'].map((w) => [w, HALF] as const),
  ...['倍增', '倍増', '翻倍', '翻番', '加倍'].map((w) => [w, multiple(2)] as const),
]);

/** What joins a Han denominator to its numerator (`十分之一` Chinese, `十分の一` Japanese: one tenth). */
export const FRACTION_MARKS: readonly string[] = ['分之', '分の'];
