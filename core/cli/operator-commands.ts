import type { OperatorCommand } from './operator-command.js';
import { exportContactsCommand, importContactsCommand } from '../contacts/contact-cli.commands.js';
import { rotateCredentialsKeyCommand } from '../accounts/credentials-rotation.js';

/** Every operator command; each domain adds its own with one line. */
export const operatorCommands: OperatorCommand[] = [
  importContactsCommand,
  exportContactsCommand,
  rotateCredentialsKeyCommand,
];
