/**
 * What a running `tandem serve` leaves in its data directory for the command line beside it: where it listens and a
 * local admin API token (a normal personal token, stored hashed by the server; this file holds the only copy of the
 * secret and is readable by its owner alone).
 */
export interface ServerFile {
  /** The origin the server answers at, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The bearer token (`tdm_…`). */
  readonly token: string;
  /** The token's id, revoked when the server stops or the next one starts. */
  readonly tokenId: string;
  /** The server's process id (informative). */
  readonly pid: number;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
}

/** The server file of one data directory. */
export interface ServerFileStore {
  /** The file, or null when there is none or it cannot be read as one. */
  read(): Promise<ServerFile | null>;
  /** Write it atomically (a reader sees the old file or the new one, never half) with mode 0600. */
  write(file: ServerFile): Promise<void>;
  /** Remove it; no error when it is already gone. */
  remove(): Promise<void>;
}
