import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';

/** What an operator command gets: a migrated database and the configuration; no bot, no workers. */
export interface OperatorDeps {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
}

/**
 * A CLI command for operators (`npm run cli -- <name> …`). `run` returns what to print: a string as is,
 * anything else as one line of JSON. Invalid arguments throw `ValidationError` (printed as one line).
 */
export interface OperatorCommand {
  name: string;
  usage: string;
  description: string;
  run(args: readonly string[], deps: OperatorDeps): Promise<unknown>;
}
