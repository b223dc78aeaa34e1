#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx tandem` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
// main.ts is the composition root: it hands the CLI its services and server, loading the adapters only when needed.
const { runTandemCli } = await import('../src/main.ts');
process.exitCode = await runTandemCli(process.argv);
