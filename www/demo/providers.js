// What one provider needs of the page and no other does: OY's status follow-up timing and
// public key, Kredibel's sandbox flag, WideKYC's selfie threshold, Quantum Elixir being
// server-only, the endpoints a person never chooses.

import { $, selectedProvider } from './state.js';

/** OY's status endpoint is the page's own follow-up, not something a person chooses. */
export const HIDDEN_ENDPOINTS = new Set(['status']);

export function isServerOnly(provider = selectedProvider()) {
  return provider === 'quantum-elixir';
}

// How answers are judged where the providers' pages leave it to the integrator (readResponse's
// options). WideKYC scores the selfie comparison (`selfie_photo`) on a scale its page never
// gives, so a selfie is never called a match without a threshold; a real integrator takes it
// from its WideKYC contract. The sandbox answers the page's own example score, 10.
export const READ_OPTIONS = { selfieThreshold: 10 };

/** OY: how often, and how many times, the page asks for the result of a pending check. */
export const OY_POLL = { delayMs: 1_000, tries: 5 };

/**
 * Where the page gets the public key it encrypts OY's fields with. A real app ships the
 * key OY gives it in its own config; here the sandbox, which plays the relay, hands the
 * page the public half of the key it decrypts with (sandbox/README.md).
 */
const OY_PUBLIC_KEY_URL = '/__sandbox/oy-public-key';

let oyPublicKey = null;

export async function loadOyKey() {
  if (oyPublicKey === null) {
    const response = await fetch(OY_PUBLIC_KEY_URL);
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    oyPublicKey = await response.text();
  }
  return oyPublicKey;
}

export async function buildOptions(provider) {
  if (provider === 'kredibel') {
    return { sandbox: $('sandbox').checked };
  }
  if (provider === 'oy') {
    return { publicKey: await loadOyKey() };
  }
  return {};
}

export function generatedReference() {
  const random = new Uint32Array(1);
  crypto.getRandomValues(random);
  return `DEMO-${Date.now().toString(36).toUpperCase()}-${random[0].toString(36).toUpperCase()}`;
}
