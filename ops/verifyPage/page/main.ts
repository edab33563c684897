/// <reference lib="dom" />
import { isMirError } from '../../../domain/errors/mirError.js';
import { browserCrypto } from './browserCrypto.js';
import { el } from './dom.js';
import { renderReport } from './renderReport.js';
import { isFormProblem, readVerifyForm } from './verifyForm.js';
import { verifyInPage } from './verifyInPage.js';

/**
 * The verifier page's entry: on submit, read the form, verify the bundle in the page (WebCrypto digests, tweetnacl
 * signatures) and show the report. Nothing is sent anywhere; the page's CSP forbids it anyway.
 */
const form = document.querySelector<HTMLFormElement>('#verify-form');
const result = document.querySelector<HTMLElement>('#result');
const button = document.querySelector<HTMLButtonElement>('#verify-button');
if (form === null || result === null || button === null) throw new Error('the verifier page lacks its form');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void verifySubmitted(form, result, button);
});

async function verifySubmitted(form: HTMLFormElement, result: HTMLElement, button: HTMLButtonElement) {
  button.disabled = true;
  result.dataset.state = 'verifying';
  result.setAttribute('aria-busy', 'true');
  result.replaceChildren(el('p', { 'data-testid': 'progress' }, 'Verifying…'));
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  try {
    result.replaceChildren(...(await verification(form)));
  } finally {
    result.dataset.state = 'done';
    result.removeAttribute('aria-busy');
    button.disabled = false;
  }
}

/** The report's elements, or one alert saying why there is no report. */
async function verification(form: HTMLFormElement): Promise<HTMLElement[]> {
  try {
    const input = await readVerifyForm(form);
    if (isFormProblem(input)) {
      document.getElementById(input.field)?.setAttribute('aria-invalid', 'true');
      return [problem(input.problem)];
    }
    if (globalThis.crypto?.subtle === undefined) {
      return [
        problem(
          'this browser offers no WebCrypto here: open the page from a file, from localhost or over HTTPS',
        ),
      ];
    }
    return renderReport(await verifyInPage(input, browserCrypto));
  } catch (error) {
    // Bad options (a key that does not parse) are refused before any bundle check: say which, with its code.
    if (isMirError(error)) return [problem(`${error.code}: ${error.message}`)];
    return [problem(`verification stopped: ${error instanceof Error ? error.message : String(error)}`)];
  }
}

function problem(text: string): HTMLElement {
  return el('p', { role: 'alert', class: 'problem', 'data-testid': 'input-error' }, text);
}
