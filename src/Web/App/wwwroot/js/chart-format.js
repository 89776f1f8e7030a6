// Numbers on chart axes and in tooltips, formatted by magnitude so that no tick lies: 3e-4 stays 3e-4 (never "0"),
// 1.2e12 reads 1.2T (never a cut-off "000,000"), and neighbouring ticks never read the same.

const SI = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** `digits` significant digits in fixed notation (never toPrecision's 1e+2), trailing zeros dropped. */
function fixed(value, digits) {
  const integerDigits = Math.floor(Math.log10(Math.abs(value))) + 1;
  const text = value.toFixed(Math.min(20, Math.max(0, digits - integerDigits)));
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** One value at a given number of significant digits, in the notation its magnitude calls for. */
export function formatNumber(value, digits = 4) {
  if (value == null || !Number.isFinite(value)) return value == null ? '' : String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e3 && abs < 1e18) {
    const [scale, suffix] = SI.find(([s]) => abs >= s);
    return `${fixed(value / scale, digits)}${suffix}`;
  }
  if (abs < 1e-3 || abs >= 1e18) {
    const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 1)).split('e');
    return `${mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa}e${Number(exponent)}`;
  }
  return fixed(value, digits);
}

/** The number a label stands for: "25k" → 25000, "3e-4" → 0.0003. */
function valueOfLabel(label) {
  const suffix = SI.find(([, sx]) => label.endsWith(sx));
  return suffix ? Number.parseFloat(label) * suffix[0] : Number.parseFloat(label);
}

/**
 * Tick labels for a set of splits: the fewest significant digits (at least 1, at most 12) whose labels read back as
 * the ticks themselves, so 0.25 never reads 0.3, 0.0001 reads 1e-4 and 1,000,000,000,000 reads 1T.
 */
export function tickLabels(splits) {
  const values = splits.filter((v) => v != null && Number.isFinite(v));
  const span = values.length > 1 ? Math.max(...values) - Math.min(...values) : Math.abs(values[0] ?? 1);
  const tolerance = 1e-9 * (span || 1);
  for (let digits = 1; digits <= 12; digits++) {
    const labels = splits.map((v) => formatNumber(v, digits));
    if (splits.every((v, i) => v == null || !Number.isFinite(v) || Math.abs(valueOfLabel(labels[i]) - v) <= Math.max(tolerance, 1e-12 * Math.abs(v)))) {
      return labels;
    }
  }
  return splits.map((v) => formatNumber(v, 12));
}

/** A value as exact as a reader needs: up to 10 significant digits, in the notation its magnitude calls for. */
export function formatExact(value) {
  if (value == null || !Number.isFinite(value)) return value == null ? '' : String(value);
  const abs = Math.abs(value);
  if (Number.isInteger(value) && abs < 1e15) return value.toLocaleString('en-US');
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e15)) {
    const [mantissa, exponent] = value.toExponential(9).split('e');
    return `${mantissa.replace(/\.?0+$/, '')}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(10)));
}
