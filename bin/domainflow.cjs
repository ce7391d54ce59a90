#!/usr/bin/env node
// The command line is TypeScript; tsx compiles it on the fly so there is no build step to forget.
require('tsx/cjs');
require('../src/cli/main.ts').main();
