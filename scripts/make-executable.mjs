// The compiled command must be executable for `npx endwatch` (tsc writes files 0644).
import { chmodSync } from 'node:fs';

chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
