// The page's script: runs the scenario on the input the server gives and leaves the result (or
// the error) and every CSP violation on `window` for the test to read.
import { runScenario, type ScenarioInput } from './scenario';

interface Outcome {
  result?: unknown;
  error?: string;
  violations: string[];
}

const outcome: Outcome = { violations: [] };
/** The page's document, typed here without the DOM library (the packages build without it). */
interface ViolationEvent {
  readonly violatedDirective: string;
  readonly blockedURI: string;
  readonly sample: string;
}
const { document } = globalThis as unknown as {
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: ViolationEvent) => void,
    ): void;
  };
};
document.addEventListener('securitypolicyviolation', (event) => {
  outcome.violations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});

try {
  const input = (await (await fetch('/input.json')).json()) as ScenarioInput;
  outcome.result = await runScenario(input);
} catch (error) {
  outcome.error =
    error instanceof Error
      ? `${error.name}: ${error.message}\n${error.stack ?? ''}`
      : String(error);
}
(globalThis as unknown as { __spotrec?: Outcome }).__spotrec = outcome;
