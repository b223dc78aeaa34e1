import { describe, expect, it } from 'vitest';
import type { MtAnswerProducer } from '../../../src/core/ports/mt-store.ts';
import { backendsWith, useBackend } from './backends.ts';

const AT = '2026-03-02T09:00:00.000Z';

/** A producer that answers `<key>!` and remembers what it was asked for. */
function producer(): MtAnswerProducer & { readonly asked: string[][] } {
  const asked: string[][] = [];
  const produce = async (keys: readonly string[]) => {
    asked.push([...keys]);
    return new Map(keys.map((k) => [k, `${k}!`]));
  };
  return Object.assign(produce, { asked });
}

/** A promise and the function that settles it. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe.each(backendsWith('mt'))('MT answer store contract ($name)', (row) => {
  const backend = useBackend(row);

  it('when texts have no answer, then only they are produced, stored, and a later share of them produces nothing', async () => {
    const { answers } = backend.storage.mt;
    const first = producer();
    const got = await answers.share(['k-1', 'k-2', 'k-1'], first, { at: AT });
    expect(first.asked).toEqual([['k-1', 'k-2']]);
    expect(Object.fromEntries(got)).toEqual({ 'k-1': 'k-1!', 'k-2': 'k-2!' });
    expect(Object.fromEntries(await answers.get(['k-2', 'k-3']))).toEqual({ 'k-2': 'k-2!' });

    const second = producer();
    const again = await answers.share(['k-2', 'k-3', 'k-1'], second, { at: AT });
    expect(second.asked).toEqual([['k-3']]);
    expect(Object.fromEntries(again)).toEqual({ 'k-1': 'k-1!', 'k-2': 'k-2!', 'k-3': 'k-3!' });
  });

  it('when producing fails, then nothing is stored, the error comes back and the next share produces the texts', async () => {
    const { answers } = backend.storage.mt;
    const refused = new Error('provider: refused');
    await expect(answers.share(['k-1'], async () => Promise.reject(refused), { at: AT })).rejects.toBe(refused);
    expect((await answers.get(['k-1'])).size).toBe(0);
    const next = producer();
    expect(Object.fromEntries(await answers.share(['k-1'], next, { at: AT }))).toEqual({ 'k-1': 'k-1!' });
    expect(next.asked).toEqual([['k-1']]);
  });

  it('when a text is being produced, then a second share of it waits for that answer and produces only its other texts', async () => {
    const { answers } = backend.storage.mt;
    const entered = gate();
    const release = gate();
    const slow = answers.share(
      ['k-held'],
      async (keys) => {
        entered.open();
        await release.promise;
        return new Map(keys.map((k) => [k, 'from the first worker']));
      },
      { at: AT },
    );
    await entered.promise;
    const second = producer();
    const waiting = answers.share(['k-held', 'k-own'], second, { at: AT });
    release.open();
    expect(Object.fromEntries(await slow)).toEqual({ 'k-held': 'from the first worker' });
    expect(Object.fromEntries(await waiting)).toEqual({ 'k-held': 'from the first worker', 'k-own': 'k-own!' });
    expect(second.asked).toEqual([['k-own']]);
  });

  it('when a text is being produced and that fails, then the waiting share produces it itself', async () => {
    const { answers } = backend.storage.mt;
    const entered = gate();
    const release = gate();
    const failing = answers.share(
      ['k-held'],
      async () => {
        entered.open();
        await release.promise;
        throw new Error('provider: unavailable');
      },
      { at: AT },
    );
    await entered.promise;
    const second = producer();
    const waiting = answers.share(['k-held'], second, { at: AT });
    release.open();
    await expect(failing).rejects.toThrow('unavailable');
    expect(Object.fromEntries(await waiting)).toEqual({ 'k-held': 'k-held!' });
    expect(second.asked).toEqual([['k-held']]);
  });

  it('when a text is refreshed (a forced re-run), then it is produced although answered, and the new answer replaces the old', async () => {
    const { answers } = backend.storage.mt;
    await answers.share(['k-1', 'k-2'], producer(), { at: AT });
    const rerun = async (keys: readonly string[]) => new Map(keys.map((k) => [k, `${k} again`]));
    const got = await answers.share(['k-1', 'k-2'], rerun, { at: AT, refresh: new Set(['k-1']) });
    expect(Object.fromEntries(got)).toEqual({ 'k-1': 'k-1 again', 'k-2': 'k-2!' });
    expect(Object.fromEntries(await answers.get(['k-1']))).toEqual({ 'k-1': 'k-1 again' });
  });

  it('when answers are pruned, then those stored before the cut are forgotten and the rest kept', async () => {
    const { answers } = backend.storage.mt;
    await answers.share(['old'], producer(), { at: '2026-01-01T00:00:00.000Z' });
    await answers.share(['new'], producer(), { at: '2026-03-01T00:00:00.000Z' });
    expect(await answers.prune('2026-02-01T00:00:00.000Z')).toBe(1);
    expect([...(await answers.get(['old', 'new'])).keys()]).toEqual(['new']);
    expect(await answers.prune('2026-02-01T00:00:00.000Z')).toBe(0);
  });

  if (row.persistent) {
    it('when the store is opened again, then the answers are still there', async () => {
      await backend.storage.mt.answers.share(['k-1'], producer(), { at: AT });
      const reopened = await backend.reopen();
      const after = producer();
      expect(Object.fromEntries(await reopened.mt.answers.share(['k-1'], after, { at: AT }))).toEqual({ 'k-1': 'k-1!' });
      expect(after.asked).toEqual([]);
    });
  }
});
