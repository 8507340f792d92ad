#!/usr/bin/env node
import { main } from './cli/main.js';

// A reader that goes away early (`| head`) is not a failure of the generation: what it did is
// done (the output folder is written or left as it was) and the exit code still says how it went.
// Without a listener, the first write after the pipe closed would end the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
