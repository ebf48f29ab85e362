/** The local runtime's own console lines: short, one per event worth a person's attention. */
export interface LocalLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function consoleLog(quiet = false): LocalLog {
  const stamp = () => new Date().toISOString().slice(11, 19);
  return {
    info: (message) => {
      if (!quiet) process.stdout.write(`${stamp()} ${message}\n`);
    },
    warn: (message) => {
      if (!quiet) process.stderr.write(`${stamp()} warn  ${message}\n`);
    },
    error: (message) => process.stderr.write(`${stamp()} error ${message}\n`),
  };
}
