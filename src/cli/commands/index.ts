import type { CliCommand } from '../command.ts';
import { importCommand } from './import.ts';
import { segmentsCommand } from './segments.ts';
import { serveCommand } from './serve.ts';
import { statusCommand } from './status.ts';
import { usersCommand } from './users.ts';
import { translateCommand } from './translate.ts';
import { glossaryCommand } from './glossary.ts';
import { confidentialCommand } from './confidential.ts';
import { usageCommand } from './usage.ts';
import { publishCommand } from './publish.ts';
import { memoryCommand } from './memory.ts';
import { checkCommand } from './check.ts';
import { dbCommand } from './db.ts';
import { feedCommand } from './feed.ts';
import { tokensCommand } from './tokens.ts';
import { xliffCommand } from './xliff.ts';

/** Every `tandem` sub-command, in the order `--help` lists them. */
export const COMMANDS = [
  serveCommand,
  importCommand,
  statusCommand,
  segmentsCommand,
  usersCommand,
  translateCommand,
  glossaryCommand,
  confidentialCommand,
  usageCommand,
  publishCommand,
  memoryCommand,
  checkCommand,
  dbCommand,
  feedCommand,
  tokensCommand,
  xliffCommand,
] as const satisfies readonly CliCommand[];
