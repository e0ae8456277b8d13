// Every test file removes the temporary directories it made with `tempDir`, however its tests ended.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.js';

afterAll(removeTempDirs);
