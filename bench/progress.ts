/** One progress line on stderr, redrawn in place when stderr is a terminal. */
export function createProgress(totalSteps: number) {
  const tty = process.stderr.isTTY;
  let step = 0;
  let label = "";
  const draw = (fraction: number, detail = "") => {
    const overall = Math.min(1, (step + Math.min(1, Math.max(0, fraction))) / totalSteps);
    const width = 28;
    const filled = Math.round(overall * width);
    const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(overall * 100)).padStart(3)}%`;
    const line = `${bar} ${label}${detail ? ` — ${detail}` : ""}`;
    if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
  };
  return {
    phase(name: string) {
      if (label && !tty) process.stderr.write(`  done: ${label}\n`);
      if (label) step += 1;
      label = name;
      if (!tty) process.stderr.write(`[${step + 1}/${totalSteps}] ${name}\n`);
      draw(0);
    },
    update: draw,
    done() {
      if (tty) process.stderr.write("\r\x1b[2K");
      process.stderr.write(`bench finished (${totalSteps} steps)\n`);
    },
    note(message: string) {
      if (tty) process.stderr.write("\r\x1b[2K");
      process.stderr.write(`${message}\n`);
      draw(0);
    },
  };
}
export type Progress = ReturnType<typeof createProgress>;
