import type { Storage } from '../../core/ports/storage-backend.ts';

type Stores = Omit<Storage, 'close'>;

/** How a backend opens each of its stores. */
export type StoreOpeners = { readonly [K in keyof Stores]: () => Promise<Stores[K]> };

/**
 * Open a backend's stores one after another and give them one `close()` that closes them all (once, however often it
 * is called). When a store fails to open, the ones already open are closed and the error is rethrown, so a failed
 * start leaves no file handle behind.
 */
export async function assembleStorage(openers: StoreOpeners): Promise<Storage> {
  const opened: { close(): Promise<void> }[] = [];
  const open = async <S extends { close(): Promise<void> }>(opener: () => Promise<S>): Promise<S> => {
    const store = await opener();
    opened.push(store);
    return store;
  };
  try {
    const stores: Stores = {
      articles: await open(openers.articles),
      users: await open(openers.users),
      mt: await open(openers.mt),
      translationMemory: await open(openers.translationMemory),
      publications: await open(openers.publications),
      apiTokens: await open(openers.apiTokens),
    };
    let closing: Promise<void> | null = null;
    return {
      ...stores,
      close() {
        closing ??= closeAll(opened);
        return closing;
      },
    };
  } catch (error) {
    await closeAll(opened).catch(() => undefined);
    throw error;
  }
}

/** Close every store even when one fails, then reject with the first failure. */
async function closeAll(stores: readonly { close(): Promise<void> }[]): Promise<void> {
  const results = await Promise.allSettled(stores.map((store) => store.close()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
