// The Node run: reads the input file named on the command line, prints the result as JSON.
import { readFile } from 'node:fs/promises';
import { runScenario, type ScenarioInput } from './scenario';

const input = JSON.parse(await readFile(process.argv[2] as string, 'utf8')) as ScenarioInput;
process.stdout.write(JSON.stringify(await runScenario(input)));
