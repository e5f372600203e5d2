#!/usr/bin/env node
// The command is written in TypeScript and run through Node's built-in type stripping
// (Node >= 22.18 / 24), so there is no build step between a change and `nrx`.
import { main } from '../cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
