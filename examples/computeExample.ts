// Flutter's compute(): one function, one message, one result.
import { compute } from 'isoscope';

function countPrimes(limit: number): number {
  const sieve = new Uint8Array(limit + 1);
  let count = 0;
  for (let i = 2; i <= limit; i++) {
    if (sieve[i]) continue;
    count++;
    for (let j = i * i; j <= limit; j += i) sieve[j] = 1;
  }
  return count;
}

console.log(`primes below 10^7: ${await compute(countPrimes, 10_000_000, { debugLabel: 'primes' })}`);
