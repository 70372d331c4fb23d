declare module 'acorn-globals' {
  import type { Node } from 'acorn';
  /** Every variable the program reads but never declares, with the nodes that read it. */
  function findGlobals(source: string | Node): { name: string; nodes: (Node & { parents?: Node[] })[] }[];
  export default findGlobals;
}
