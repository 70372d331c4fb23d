// Ending a process with everything it started: code-server forks an extension host, which
// starts js-debug, which starts the debuggee. Here they all stay in code-server's process
// group, but a debugged program may start one that leaves it (a detached spawn), so the tree
// is read from /proc (Linux) instead of signalling the group.
import { readdirSync, readFileSync } from 'node:fs';

/** `pid` and every process below it, parents first. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
}

/** Whether `pid` still runs (a zombie, ended but not yet reaped, does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Sends SIGTERM to `pid` and its descendants, then SIGKILL to any still alive after `graceMs`. */
export async function endProcessTree(pid: number, graceMs = 3000): Promise<void> {
  const tree = processTree(pid);
  signal(tree, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (tree.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  // Read again: a process may have started a child while the tree was ending.
  signal([...new Set([...tree, ...processTree(pid)])].filter(alive), 'SIGKILL');
}

/** The same, at once and synchronously: for process 'exit' handlers, where nothing can wait. */
export function killProcessTreeNow(pid: number): void {
  signal(processTree(pid), 'SIGKILL');
}
