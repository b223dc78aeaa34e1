export { acquireDataDirLock, type DataDirLock, type DataDirLockConfig } from './data-dir-lock.ts';
export { DurableJsonFile } from './durable-json-file.ts';
export { JsonDocument } from './json-document.ts';
export { LowdbStore, type LowdbStoreConfig } from './lowdb-store.ts';
export { MemoryStore } from './memory-store.ts';
