#!/usr/bin/env node
// The `rd` executable: the process streams around runCli. The exit code is set, not forced, so pending
// output is flushed before node exits. (No top-level await: the same file is also built to CommonJS.)
import { processIo } from './io/cli-io.js';
import { runCli } from './run/run-cli.js';

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
