// The part of autocannon's API bench/archive.ts uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    readonly url: string;
    readonly connections?: number;
    /** Seconds. */
    readonly duration?: number;
    readonly headers?: Record<string, string>;
  }
  interface Histogram {
    readonly average: number;
    readonly p99: number;
    readonly max: number;
  }
  interface Result {
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly non2xx: number;
    readonly errors: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
