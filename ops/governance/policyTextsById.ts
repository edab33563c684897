import { CedarEngine } from './cedarEngine.js';
import { parsePolicySet } from './cedarPolicySet.js';

/**
 * A splitter of published policy-set texts into each policy's text by `@id`, on a Cedar engine of its own (so a
 * trap while explaining never touches the evaluator's). Null for a text Cedar cannot split or an engine failure:
 * `explain` then shows the determining ids without their text.
 */
export function policyTextsById(
  engine: CedarEngine = new CedarEngine(),
): (text: string) => Readonly<Record<string, string>> | null {
  return (text) => {
    try {
      const parsed = engine.run('policy text split', (cedar) => parsePolicySet(cedar, text));
      return 'problems' in parsed ? null : parsed.byId;
    } catch {
      return null;
    }
  };
}
