/**
 * A progress bar on stderr when it is a terminal. ENDWATCH_PROGRESS=lines prints one line
 * per update instead (for logs, and for tests that need to know how far an import got).
 */
export class ProgressBar {
  readonly #tty = Boolean(process.stderr.isTTY);
  readonly #lines = process.env.ENDWATCH_PROGRESS === 'lines';
  #last = 0;
  #shown = false;

  update(label: string, done: number, total: number): void {
    if (this.#lines) {
      process.stderr.write(`progress ${label} ${done}/${total}\n`);
      return;
    }
    if (!this.#tty || total < 1000) return;
    const now = Date.now();
    if (done < total && now - this.#last < 100) return;
    this.#last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const pct = ((done / total) * 100).toFixed(0).padStart(3);
    process.stderr.write(`\r${label.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${done}/${total}`);
    this.#shown = true;
  }

  done(): void {
    if (this.#shown) process.stderr.write('\n');
    this.#shown = false;
  }
}
