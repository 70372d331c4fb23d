// How a process is named to people: its pid and command (the program's file name without its
// folder, then its arguments), and who started it.

export interface ProcessNaming {
  pid: number | null | undefined;
  ppid?: number | null | undefined;
  argv: readonly string[];
}

/** "process 31468 (node app.js worker), started by 31364". */
export function processTitle(process: ProcessNaming): string {
  return `process ${process.pid ?? '?'}${commandOf(process) ? ` (${commandOf(process)})` : ''}${process.ppid !== null && process.ppid !== undefined ? `, started by ${process.ppid}` : ''}`;
}

/** The command with files named without their folders, shortened to 60 characters:
 * "node app.js worker" for "/usr/bin/node /home/me/app.js worker". */
export function commandOf(process: ProcessNaming): string {
  const command = process.argv.map((arg, i) => (i === 0 || /^([a-z]:)?[\\/]/i.test(arg) ? arg.slice(Math.max(arg.lastIndexOf('/'), arg.lastIndexOf('\\')) + 1) : arg)).join(' ');
  return command.length > 60 ? `${command.slice(0, 59)}…` : command;
}
