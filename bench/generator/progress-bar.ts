/** A one-line progress bar on stderr (redrawn in place on a terminal, a line per 10% otherwise). */
export class ProgressBar {
  private done = 0;
  private lastDecile = -1;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(label: string, amount = 1): void {
    this.done = Math.min(this.total, this.done + amount);
    const share = this.total === 0 ? 1 : this.done / this.total;
    const width = 30;
    const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
    const line = `${bar} ${(share * 100).toFixed(0).padStart(3)}% ${this.done}/${this.total} ${label}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
    } else if (Math.floor(share * 10) > this.lastDecile) {
      this.lastDecile = Math.floor(share * 10);
      this.stream.write(line + '\n');
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
