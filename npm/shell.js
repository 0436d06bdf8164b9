// The JavaScript shell of kyc-precheck (`kyc-precheck/shell`): what a form needs around
// the checks, with no framework and no dependency.
//
// - submit(): sends a request built by buildRequest() to the integrator's relay, with a
//   timeout, retries of only what was certainly not processed, Retry-After, and pacing
//   for the providers' documented rate limits; never follows a redirect, reads at most
//   1 MiB of an answer; returns readResponse()'s reading.
// - createWorker(): the same API as the package, every function async, answered by a
//   module worker (worker.js beside this file) so that photo checks and request building
//   never block the main thread.
// - issueSummary(): the lines of a form's error summary, each naming its field.
// - schema(): a Standard Schema (standardschema.dev, v1) of one provider endpoint, for
//   form libraries such as react-hook-form.
//
// Each lives in shell/, one concern a file, beside what they all check of their arguments
// (shell/arguments.js); their imports are relative to the package (index.js in the folder
// above them). shell.d.ts documents every export and each choice made there.
//
// Nothing in the shell logs: the requests and answers carry personal data.

import { RATE_LIMITS, submit } from './shell/submit.js';
import { createWorker } from './shell/worker-client.js';
import { issueSummary } from './shell/summary.js';
import { schema } from './shell/schema.js';

export { RATE_LIMITS, submit, createWorker, issueSummary, schema };
