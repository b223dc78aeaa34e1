import { describe, expect, it } from 'vitest';
import { backoffMs, LoginThrottle, type LoginVerdict } from '../../src/web/login-throttle.ts';

const POLICY = { free: 3, baseMs: 1000, maxMs: 8000 };

/** A throttle on a clock the test moves, with small free counts so scenarios stay short. */
function throttle(config: { maxKeys?: number } = {}) {
  let now = 1_000_000;
  const t = new LoginThrottle({
    address: { free: 4, baseMs: 1000, maxMs: 60_000 },
    account: { free: 2, baseMs: 1000, maxMs: 10_000 },
    now: () => now,
    ...config,
  });
  return {
    t,
    advance: (ms: number) => {
      now += ms;
    },
    /** An attempt that then fails (the password was wrong): nothing more to report. */
    fail: (name: string, address: string): LoginVerdict => t.attempt(name, address),
  };
}

function waitOf(verdict: LoginVerdict): number {
  return verdict.allowed ? 0 : verdict.retryAfterMs;
}

describe('backoffMs', () => {
  it.each([
    [0, 0],
    [3, 0],
    [4, 1000],
    [5, 2000],
    [6, 4000],
    [7, 8000],
    [8, 8000],
    [1000, 8000],
  ])('when %i failures were counted, then the wait is %i ms', (count, wait) => {
    expect(backoffMs(POLICY, count)).toBe(wait);
  });
});

describe('LoginThrottle', () => {
  it('when one address keeps failing, then its waits double up to the cap, settle at one try per cap, and spare other addresses', () => {
    const { t, advance } = throttle();
    const waits: number[] = [];
    let tries = 0;
    // Different accounts each time, so only the address counts up; the guesser always waits as long as told.
    for (let elapsed = 0; elapsed < 3_600_000; ) {
      const verdict = t.attempt(`user${tries}`, '203.0.113.7');
      if (verdict.allowed) {
        tries += 1;
        continue;
      }
      waits.push(verdict.retryAfterMs);
      advance(verdict.retryAfterMs);
      elapsed += verdict.retryAfterMs;
    }
    expect(waits.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
    expect(Math.max(...waits)).toBe(60_000);
    // 4 free, 6 growing waits (63 s), then one try per minute for the rest of the hour.
    expect(tries).toBeGreaterThanOrEqual(60);
    expect(tries).toBeLessThanOrEqual(4 + 6 + 60);
    expect(t.attempt('someone', '198.51.100.9').allowed).toBe(true);
  });

  it('when one account fails from many addresses, then its owner, with the right password from a fresh address, waits at most the account cap', () => {
    const { t, advance } = throttle();
    let longest = 0;
    for (let i = 0; i < 40; i++) {
      const address = `198.51.100.${i}`;
      let verdict = t.attempt('mina', address);
      if (!verdict.allowed) {
        longest = Math.max(longest, verdict.retryAfterMs);
        advance(verdict.retryAfterMs);
        verdict = t.attempt('mina', address);
      }
      expect(verdict.allowed).toBe(true);
    }
    expect(longest).toBe(10_000);
    const owner = t.attempt('mina', '192.0.2.1');
    expect(waitOf(owner)).toBeLessThanOrEqual(10_000);
    advance(waitOf(owner));
    const verdict = t.attempt('mina', '192.0.2.1');
    expect(verdict.allowed).toBe(true);
    if (verdict.allowed) t.succeeded(verdict.ticket);
    // A successful login clears the account: the next failures start from free attempts again.
    expect(t.attempt('mina', '192.0.2.2').allowed).toBe(true);
    expect(t.attempt('mina', '192.0.2.3').allowed).toBe(true);
  });

  it('when a burst of parallel guesses arrives, then only the free ones and one more get through before the first wait', () => {
    const { t } = throttle();
    const verdicts = Array.from({ length: 20 }, (_, i) => t.attempt('mina', `203.0.113.${i}`));
    // Account: 2 free, and the third starts the first wait; every attempt is counted when it starts.
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
  });

  it('when an address logs in successfully, then that attempt is not counted but earlier failures still are', () => {
    const { t, fail } = throttle();
    for (let i = 0; i < 3; i++) fail(`guess${i}`, '203.0.113.7');
    const ok = t.attempt('ed', '203.0.113.7');
    expect(ok.allowed).toBe(true);
    if (ok.allowed) t.succeeded(ok.ticket);
    // 3 failures + a success: one more failure is free, the one after it waits.
    expect(fail('guess3', '203.0.113.7').allowed).toBe(true);
    expect(fail('guess4', '203.0.113.7').allowed).toBe(true);
    expect(waitOf(t.attempt('guess5', '203.0.113.7'))).toBe(1000);
  });

  it('when an office makes a typo now and then all day, then the failures are forgiven and nobody ever waits', () => {
    const { t, fail, advance } = throttle();
    for (let hour = 0; hour < 8; hour++) {
      for (let i = 0; i < 60; i++) {
        // One typo a minute from the shared address, each by someone who then logs in.
        expect(fail(`editor${i}`, '192.0.2.50').allowed).toBe(true);
        const ok = t.attempt(`editor${i}`, '192.0.2.50');
        expect(ok.allowed).toBe(true);
        if (ok.allowed) t.succeeded(ok.ticket);
        advance(60_000);
      }
    }
  });

  it('when many keys are seen, then only maxKeys are remembered, least recently used forgotten first', () => {
    const { t, fail } = throttle({ maxKeys: 4 });
    for (let i = 0; i < 3; i++) fail('mina', '203.0.113.7');
    expect(t.attempt('mina', '203.0.113.7').allowed).toBe(false);
    // Two new keys per attempt push mina and the address out.
    fail('a', '198.51.100.1');
    fail('b', '198.51.100.2');
    expect(t.attempt('mina', '203.0.113.7').allowed).toBe(true);
  });
});
