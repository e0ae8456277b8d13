import type { OperatorCommand } from './operator-command.js';

/** Every operator command; each domain adds its own with one line. */
export const operatorCommands: OperatorCommand[] = [];
