// A sum over 0..10^9 in an isolate while the main thread keeps printing a tick every 100 ms.
import { Isolate } from 'isoscope';

const started = Date.now();
let ticks = 0;
const ticker = setInterval(() => {
  ticks++;
  if (ticks % 5 === 0) console.log(`  tick ${ticks} (main thread still responsive at ${Date.now() - started} ms)`);
}, 100);

const sum = await Isolate.run((limit: number) => {
  // The total (5·10^17) is past 2^53, so add exact chunks of numbers into a BigInt.
  let total = 0n;
  for (let start = 0; start <= limit; start += 1_000_000) {
    let chunk = 0;
    for (let i = start; i < start + 1_000_000 && i <= limit; i++) chunk += i;
    total += BigInt(chunk);
  }
  return total;
}, { args: [1e9], debugName: 'summer' });

clearInterval(ticker);
console.log(`sum of 0..10^9 = ${sum} in ${Date.now() - started} ms; the main thread ticked ${ticks} times meanwhile`);
