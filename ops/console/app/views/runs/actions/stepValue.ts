/**
 * The step typed into a "Step" field: a whole number from `min` to `max`, or null for anything else (an empty
 * field included: `Number('')` is 0, and an empty field must never mean "back to the start").
 */
export function stepValue(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const step = Number(trimmed);
  return Number.isSafeInteger(step) && step >= min && step <= max ? step : null;
}
