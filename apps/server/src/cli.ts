import { run } from './main';

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Handles a loaded catalog may leave behind (timers of the metrics collector) do not keep the
// process alive once the server has stopped.
process.exit(code);
