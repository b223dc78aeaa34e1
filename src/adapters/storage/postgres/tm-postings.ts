// The posting lists of the memory on PostgreSQL (migrations 0207, 0208): rows of (pair, bigram, form-length bucket,
// chunk) holding postings, each an entry's seq × 1024 + its form length (1023 for 1023 and longer).
import type pg from 'pg';

/** Postings per chunk row of tm_postings (migrations 0207, 0208): an entry added rewrites at most this many per bigram. */
const POSTING_CHUNK = 128;

/** Lower bounds of the form-length buckets of tm_postings, as migration 0208's tm_length_bucket spells them. */
const BUCKET_BOUNDS = [
  1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 19, 24, 30, 37, 47, 58, 73, 91, 114, 142, 178, 222, 278, 347, 434, 542, 678, 847, 1023,
];

/** The bucket of a form length (code points): how many of BUCKET_BOUNDS it reaches, 0 to 29 (migration 0208). */
export function lengthBucket(formLength: number): number {
  let bucket = 0;
  while (bucket < BUCKET_BOUNDS.length && BUCKET_BOUNDS[bucket]! <= formLength) bucket++;
  return bucket;
}

/**
 * Appends postings (by pair and bigram, in the order the entries were added) to tm_postings, their number per bigram to
 * tm_bigram_counts and per bigram and length bucket to tm_posting_counts (migrations 0206 to 0208). The bucket counts,
 * raised first, number the postings: the n-th posting of a pair, bigram and bucket goes to chunk n / POSTING_CHUNK.
 * The count rows stay locked until the transaction ends, so two writers never number postings alike.
 */
export async function addPostings(client: pg.PoolClient, postings: Map<string, Map<number, number[]>>): Promise<void> {
  const lists = [...postings].flatMap(([pair, byGram]) => [...byGram].map(([gram, list]) => ({ pair, gram, list })));
  // In key order, so that two writers (the advisory lock aside) lock the rows they share in the same order.
  await client.query(
    `INSERT INTO tm_bigram_counts (pair, gram, entries)
     SELECT pair, gram, entries FROM unnest($1::text[], $2::bigint[], $3::int[]) AS c (pair, gram, entries) ORDER BY pair, gram
     ON CONFLICT (pair, gram) DO UPDATE SET entries = tm_bigram_counts.entries + excluded.entries`,
    [lists.map((l) => l.pair), lists.map((l) => l.gram), lists.map((l) => l.list.length)],
  );
  const buckets = lists.flatMap(({ pair, gram, list }) => {
    const byBucket = new Map<number, number[]>();
    for (const posting of list) {
      const bucket = lengthBucket(posting % 1024);
      (byBucket.get(bucket) ?? byBucket.set(bucket, []).get(bucket)!).push(posting);
    }
    return [...byBucket].map(([bucket, list]) => ({ pair, gram, bucket, list }));
  });
  const { rows: counts } = await client.query<{ pair: string; gram: string; bucket: number; entries: number }>(
    `INSERT INTO tm_posting_counts (pair, gram, bucket, entries)
     SELECT pair, gram, bucket, entries FROM unnest($1::text[], $2::bigint[], $3::smallint[], $4::int[]) AS c (pair, gram, bucket, entries)
      ORDER BY pair, gram, bucket
     ON CONFLICT (pair, gram, bucket) DO UPDATE SET entries = tm_posting_counts.entries + excluded.entries
     RETURNING pair, gram, bucket, entries`,
    [buckets.map((b) => b.pair), buckets.map((b) => b.gram), buckets.map((b) => b.bucket), buckets.map((b) => b.list.length)],
  );
  const total = new Map(counts.map((c) => [`${c.pair} ${c.gram} ${c.bucket}`, c.entries]));
  const rows = { pair: [] as string[], gram: [] as number[], bucket: [] as number[], chunk: [] as number[], posting: [] as number[] };
  for (const { pair, gram, bucket, list } of buckets) {
    const first = total.get(`${pair} ${gram} ${bucket}`)! - list.length;
    list.forEach((posting, k) => {
      rows.pair.push(pair);
      rows.gram.push(gram);
      rows.bucket.push(bucket);
      rows.chunk.push(Math.floor((first + k) / POSTING_CHUNK));
      rows.posting.push(posting);
    });
  }
  await client.query(
    `INSERT INTO tm_postings (pair, gram, bucket, chunk, postings)
     SELECT pair, gram, bucket, chunk, array_agg(posting ORDER BY ord)
       FROM unnest($1::text[], $2::bigint[], $3::smallint[], $4::int[], $5::bigint[])
            WITH ORDINALITY AS p (pair, gram, bucket, chunk, posting, ord)
      GROUP BY pair, gram, bucket, chunk ORDER BY pair, gram, bucket, chunk
     ON CONFLICT (pair, gram, bucket, chunk) DO UPDATE SET postings = tm_postings.postings || excluded.postings`,
    [rows.pair, rows.gram, rows.bucket, rows.chunk, rows.posting],
  );
}
