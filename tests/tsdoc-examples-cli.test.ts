// Runs every `@example` block of the TSDoc comments in packages/cli/src (see tests/tsdoc/run-examples.ts).
import { describeExamples } from './tsdoc/run-examples.js';

describeExamples('cli');
