// `npm run bench`: prints each figure with its same-run baseline and the ratio.
import { cpus, totalmem } from 'node:os';
import { benchFrontDoor, type Figure } from './front-door';

function print(figures: Figure[]): void {
  for (const figure of figures) {
    const ratio = figure.hub / figure.baseline;
    console.log(
      `${figure.name}: hub ${figure.hub.toFixed(2)} ${figure.unit}, bare ws ${figure.baseline.toFixed(2)} ${figure.unit}, ratio ${ratio.toFixed(2)}`,
    );
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`MailMind benchmarks on ${machine}`);
print(await benchFrontDoor());
