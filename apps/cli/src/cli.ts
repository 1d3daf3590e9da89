import { exitQuietlyWhenClosed } from './io';
import { run } from './program';

exitQuietlyWhenClosed(process.stdout);
exitQuietlyWhenClosed(process.stderr);
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
